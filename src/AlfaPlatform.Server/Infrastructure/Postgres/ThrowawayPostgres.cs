using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>
/// Databases made for one process and dropped after it (the test suite's, the benchmark's), on a server it names or,
/// when none is named, on a throwaway cluster from this machine's PostgreSQL binaries.
/// </summary>
public static class ThrowawayDatabases
{
    /// <summary>
    /// Starts a cluster of its own in a throwaway folder (see <see cref="ThrowawayClusters"/>) and returns its
    /// superuser's connection string; null when this machine has no PostgreSQL binaries.
    /// </summary>
    public static async Task<string?> StartLocalServerAsync(CancellationToken cancellationToken = default)
    {
        if (LocalPostgresCluster.FindBinaries() is not { } binaries)
        {
            return null;
        }

        ThrowawayClusters.RemoveAbandoned();
        var folder = ThrowawayClusters.NewFolder();
        var cluster = await LocalPostgresCluster.StartAsync(binaries, folder, Path.Combine(folder, PostgresProvisioning.PasswordFileName), cancellationToken);
        if (cluster.Root != folder)
        {
            ThrowawayClusters.RemoveWhenThisProcessEnds(cluster.Root); // a temp folder closed to the postgres user
        }

        return cluster.ConnectionString("postgres");
    }

    /// <summary>A new, empty database on <paramref name="serverConnectionString"/>'s server, named <paramref name="prefix"/>_&lt;guid&gt;.</summary>
    public static async Task<string> CreateAsync(string serverConnectionString, string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, ending whatever still uses it.</summary>
    public static async Task DropAsync(string serverConnectionString, string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Throwaway folders (clusters, the authority's keys) live in the temp folder, each marked with the process that owns
/// it and removed once that process ends.
/// </summary>
public static class ThrowawayClusters
{
    private const string Prefix = "alfa-test-pg-";

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        RemoveWhenThisProcessEnds(folder);
        return folder;
    }

    /// <summary>
    /// A watchdog in a session of its own waits for this process to end (however it ends: a test host exits too soon
    /// after the last test for any clean-up inside it), then kills the server and deletes its folder.
    /// </summary>
    public static void RemoveWhenThisProcessEnds(string folder)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.5; done; " +
                     $"kill -KILL $(head -1 '{folder}/data/postmaster.pid' 2>/dev/null) 2>/dev/null; rm -rf '{folder}'";
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // detached from our terminal
        });
    }

    /// <summary>Kills the server of a cluster folder and deletes it.</summary>
    public static void Remove(string folder)
    {
        var postmaster = Path.Combine(folder, "data", "postmaster.pid");
        if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).First(), out var serverPid) && IsAlive(serverPid))
        {
            using var server = Process.GetProcessById(serverPid);
            server.Kill();
            server.WaitForExit(5000);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // another run removed it first
        }
    }

    /// <summary>Clusters left by a run that was killed: stop them and free the disk.</summary>
    public static void RemoveAbandoned()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var pidFile = Path.Combine(folder, "owner.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), out var pid) && !IsAlive(pid))
            {
                Remove(folder);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
