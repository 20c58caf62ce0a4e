using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster run from the machine's own binaries in a folder we own: the run command's default
/// database when none is configured, and the test suite's throwaway database server.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so when we are root every PostgreSQL binary runs as the <c>postgres</c> user,
/// which then owns the data folder. The cluster listens on 127.0.0.1 only, with trust authentication.
/// </remarks>
public sealed class LocalPostgresCluster
{
    private const string ServiceUser = "postgres";
    private readonly string _binaries;

    private LocalPostgresCluster(string binaries, string root, int port, bool startedHere)
    {
        _binaries = binaries;
        Root = root;
        Port = port;
        StartedHere = startedHere;
    }

    /// <summary>The folder that holds the cluster's data, log and port file.</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>False when the cluster was already running (another process of the platform uses it too).</summary>
    public bool StartedHere { get; }

    private string DataDirectory => Path.Combine(Root, "data");

    private string LogFile => Path.Combine(Root, "postgres.log");

    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = database,
        Pooling = pooling,
    }.ConnectionString;

    /// <summary>The newest PostgreSQL server binaries on this machine, or null when there are none.</summary>
    public static string? FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("ALFA_POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        const string debianLayout = "/usr/lib/postgresql";
        if (Directory.Exists(debianLayout))
        {
            var newest = Directory.GetDirectories(debianLayout)
                .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0, Bin: Path.Combine(dir, "bin")))
                .Where(x => File.Exists(Path.Combine(x.Bin, "initdb")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Bin)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    /// <summary>
    /// Starts the cluster kept in <paramref name="root"/>, creating it on first use. A cluster that is already
    /// running there is reused; a stopped one restarts on its previous port when that port is free.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(string binaries, string root, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root);
        root = Path.GetFullPath(root);
        var dataDirectory = Path.Combine(root, "data");

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(binaries, root, dataDirectory, cancellationToken);
        }

        if (RunningPort(dataDirectory) is { } runningPort && await AnswersAsync(runningPort, cancellationToken))
        {
            return new LocalPostgresCluster(binaries, root, runningPort, startedHere: false);
        }

        var portFile = Path.Combine(root, "port");
        var port = File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, cancellationToken), out var previous) && IsFree(previous)
            ? previous
            : FreePort();
        await File.WriteAllTextAsync(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

        var cluster = new LocalPostgresCluster(binaries, root, port, startedHere: true);
        await cluster.RunAsync(
            "pg_ctl",
            ["start", "--wait", "--timeout=60", "-D", dataDirectory, "-l", cluster.LogFile, "-o",
             $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c idle_in_transaction_session_timeout=60000"],
            cancellationToken);
        return cluster;
    }

    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        // Unpooled: a one-off admin call, and a pooled connection could outlive a restart of the cluster.
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <param name="immediate">Skip the shutdown checkpoint: for throwaway clusters whose data is deleted next.</param>
    public Task StopAsync(bool immediate = false, CancellationToken cancellationToken = default) =>
        RunAsync("pg_ctl", ["stop", "--wait", "-m", immediate ? "immediate" : "fast", "-D", DataDirectory], cancellationToken);

    private static async Task InitialiseAsync(string binaries, string root, string dataDirectory, CancellationToken cancellationToken)
    {
        if (Environment.IsPrivilegedProcess)
        {
            // The postgres user must own the folder and reach it through every parent folder.
            await RunProcessAsync("chown", ["-R", $"{ServiceUser}:", root], cancellationToken);
            var probe = await RunProcessAsync("runuser", ["-u", ServiceUser, "--", "test", "-w", root], cancellationToken, throwOnFailure: false);
            if (probe != 0)
            {
                throw new PostgresUnavailableException(
                    $"The {ServiceUser} user cannot write to {root} (a parent folder is closed to it). " +
                    "Move the checkout to a folder other users can traverse, or set ConnectionStrings__Postgres.");
            }
        }

        var cluster = new LocalPostgresCluster(binaries, root, 0, startedHere: false);
        await cluster.RunAsync(
            "initdb",
            ["-D", dataDirectory, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            cancellationToken);
    }

    /// <summary>The port recorded by a running postmaster (line 4 of postmaster.pid), if any.</summary>
    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            var lines = File.ReadAllLines(pidFile);
            return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(_binaries, tool);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments], cancellationToken)
            : RunProcessAsync(executable, arguments, cancellationToken);
    }

    private static async Task<int> RunProcessAsync(
        string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new PostgresUnavailableException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new PostgresUnavailableException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }

        return process.ExitCode;
    }
}

/// <summary>No PostgreSQL could be provisioned; the message says what to install or configure.</summary>
public sealed class PostgresUnavailableException(string message) : Exception(message);
