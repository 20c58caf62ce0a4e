using AlfaPlatform.Server.Infrastructure.Postgres;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// The database server for this test run, found in order: a configured one (ALFA_TEST_POSTGRES, a connection string
/// to a server where databases may be created), a throwaway cluster from this machine's PostgreSQL binaries, or a
/// Testcontainers container where Docker runs. Each fixture gets its own database on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Shared.Value;
        var name = $"alfa_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var server = await Shared.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private sealed record Server(string AdminConnectionString);

    private static async Task<Server> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("ALFA_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return new Server(configured);
        }

        if (LocalPostgresCluster.FindBinaries() is { } binaries)
        {
            ThrowawayClusters.RemoveAbandoned();
            var folder = ThrowawayClusters.NewFolder();
            var cluster = await LocalPostgresCluster.StartAsync(binaries, folder, Path.Combine(folder, "postgres-password.txt"));
            if (cluster.Root != folder)
            {
                ThrowawayClusters.RemoveWhenThisProcessEnds(cluster.Root); // a temp folder closed to the postgres user
            }

            return new Server(cluster.ConnectionString("postgres"));
        }

        try
        {
            var container = new PostgreSqlBuilder("postgres:15").Build();
            await container.StartAsync(); // Testcontainers' reaper removes it when the run ends
            return new Server(container.GetConnectionString());
        }
        catch (DockerUnavailableException e)
        {
            throw new InvalidOperationException(
                "The integration tests need PostgreSQL: set ALFA_TEST_POSTGRES, install PostgreSQL server binaries " +
                "(apt-get install postgresql), or run Docker.", e);
        }
    }
}

/// <summary>
/// Throwaway folders (clusters, the authority's keys) live in the temp folder, each marked with the test process that
/// owns it and removed once that process ends.
/// </summary>
internal static class ThrowawayClusters
{
    private const string Prefix = "alfa-test-pg-";

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        RemoveWhenThisProcessEnds(folder);
        return folder;
    }

    /// <summary>
    /// A watchdog in a session of its own waits for this test process to end (however it ends: the test host exits
    /// too soon after the last test for any clean-up inside it), then kills the server and deletes its folder.
    /// </summary>
    public static void RemoveWhenThisProcessEnds(string folder)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.5; done; " +
                     $"kill -KILL $(head -1 '{folder}/data/postmaster.pid') 2>/dev/null; rm -rf '{folder}'";
        using var watchdog = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("setsid", ["sh", "-c", script])
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
            using var server = System.Diagnostics.Process.GetProcessById(serverPid);
            server.Kill();
            server.WaitForExit(5000);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // another test run removed it first
        }
    }

    /// <summary>Clusters left by a test run that was killed: stop them and free the disk.</summary>
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
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
