using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Hosting;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL cluster run from the machine's own binaries in a folder we own: the run command's default
/// database when none is configured, and the test suite's throwaway database server.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so when we are root every PostgreSQL binary runs as the <c>postgres</c> user,
/// which then owns the data folder; when that user cannot reach the folder asked for (a checkout in root's home),
/// the cluster lives under <see cref="OutsideFolder"/> instead. The cluster listens on 127.0.0.1 only and asks
/// every connection for the superuser's password (SCRAM), which is generated on first use and kept in a file
/// readable by this user only.
/// </remarks>
public sealed class LocalPostgresCluster
{
    private const string ServiceUser = "postgres";
    private const string Authentication = "scram-sha-256";

    /// <summary>Where a cluster goes, in a folder named after the one asked for, when run as root and the postgres user cannot reach that one.</summary>
    public const string OutsideFolder = "/var/lib/alfa-platform";

    private readonly string _binaries;
    private readonly string _password;

    private LocalPostgresCluster(string binaries, string root, int port, bool startedHere, string password)
    {
        _binaries = binaries;
        Root = root;
        Port = port;
        StartedHere = startedHere;
        _password = password;
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
        Password = _password,
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
    /// Starts the cluster kept in <paramref name="folder"/> (or in its place outside, see <see cref="OutsideFolder"/>),
    /// creating it on first use, with the superuser's password kept in <paramref name="passwordFile"/>. A cluster that
    /// is already running there is reused; a stopped one restarts on its previous port when that port is free.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(
        string binaries, string folder, string passwordFile, CancellationToken cancellationToken = default)
    {
        var root = await PlaceAsync(Path.GetFullPath(folder), cancellationToken);
        Directory.CreateDirectory(root);
        var dataDirectory = Path.Combine(root, "data");
        var initialised = File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        var trustsEveryone = initialised && TrustsEveryone(dataDirectory);
        if (initialised && !trustsEveryone && !File.Exists(passwordFile))
        {
            throw new PostgresUnavailableException(
                $"The PostgreSQL cluster in {root} asks for the password kept in {passwordFile}, which is missing. " +
                $"Restore that file, or delete {root} to provision a new, empty cluster.");
        }

        if (!initialised)
        {
            await HandOverAsync(root, cancellationToken);
        }

        var password = await LoadOrCreatePasswordAsync(passwordFile, cancellationToken);
        if (!initialised)
        {
            await InitialiseAsync(binaries, root, dataDirectory, password, cancellationToken);
        }

        var cluster = RunningPort(dataDirectory) is { } runningPort && await AnswersAsync(runningPort, cancellationToken)
            ? new LocalPostgresCluster(binaries, root, runningPort, startedHere: false, password)
            : await StartServerAsync(binaries, root, dataDirectory, password, cancellationToken);
        if (trustsEveryone)
        {
            await cluster.RequirePasswordAsync(dataDirectory, cancellationToken);
        }

        return cluster;
    }

    private static async Task<LocalPostgresCluster> StartServerAsync(
        string binaries, string root, string dataDirectory, string password, CancellationToken cancellationToken)
    {
        var portFile = Path.Combine(root, "port");
        var port = File.Exists(portFile) && int.TryParse(await File.ReadAllTextAsync(portFile, cancellationToken), out var previous) && IsFree(previous)
            ? previous
            : FreePort();
        await File.WriteAllTextAsync(portFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

        var cluster = new LocalPostgresCluster(binaries, root, port, startedHere: true, password);
        await cluster.RunAsync(
            "pg_ctl",
            ["start", "--wait", "--timeout=60", "-D", dataDirectory, "-l", cluster.LogFile, "-o",
             $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c idle_in_transaction_session_timeout=60000"],
            cancellationToken);
        return cluster;
    }

    /// <summary>
    /// Where the cluster asked for in <paramref name="folder"/> lives. As root, PostgreSQL runs as the postgres user,
    /// which must reach the folder through every parent; when it cannot (a checkout in root's home, mode 700), the
    /// cluster lives in a folder of its own outside, named after the folder asked for so every start finds it again.
    /// A cluster already in either place stays where it is; nobody's folder is opened up.
    /// </summary>
    private static async Task<string> PlaceAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess || File.Exists(Path.Combine(folder, "data", "PG_VERSION")))
        {
            return folder;
        }

        var outside = Path.Combine(OutsideFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16]);
        if (File.Exists(Path.Combine(outside, "data", "PG_VERSION")))
        {
            return outside;
        }

        var parent = Path.GetDirectoryName(folder) ?? folder;
        Directory.CreateDirectory(parent);
        if (await RunProcessAsync("runuser", ["-u", ServiceUser, "--", "test", "-x", parent], cancellationToken, throwOnFailure: false) == 0)
        {
            return folder;
        }

        // Signposts both ways: where the data went, and which folder the outside one stands for.
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(
            Path.Combine(folder, "moved.txt"),
            $"This PostgreSQL cluster is kept in {outside}: the {ServiceUser} user, which runs it, cannot enter {parent}.{Environment.NewLine}",
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outside, "for.txt"), folder + Environment.NewLine, cancellationToken);
        return outside;
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

    /// <summary>As root, the postgres user owns the new cluster's folder (and must reach it: <see cref="PlaceAsync"/>).</summary>
    private static async Task HandOverAsync(string root, CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        await RunProcessAsync("chown", ["-R", $"{ServiceUser}:", root], cancellationToken);
        var probe = await RunProcessAsync("runuser", ["-u", ServiceUser, "--", "test", "-w", root], cancellationToken, throwOnFailure: false);
        if (probe != 0)
        {
            throw new PostgresUnavailableException(
                $"The {ServiceUser} user cannot write to {root}. Set Postgres:LocalClusterPath to a folder it can reach, " +
                "or set ConnectionStrings__Postgres.");
        }
    }

    private static async Task InitialiseAsync(string binaries, string root, string dataDirectory, string password, CancellationToken cancellationToken)
    {
        // initdb reads the password from a file, as the user it runs as: a private one beside the data, gone after.
        var passwordForInitdb = Path.Combine(root, ".initdb-password");
        File.Delete(passwordForInitdb); // left by an attempt that was killed
        await LocalFolders.WritePrivateAsync(passwordForInitdb, password, cancellationToken);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunProcessAsync("chown", [$"{ServiceUser}:", passwordForInitdb], cancellationToken);
            }

            var cluster = new LocalPostgresCluster(binaries, root, 0, startedHere: false, password);
            await cluster.RunAsync(
                "initdb",
                ["-D", dataDirectory, "-U", ServiceUser, $"--pwfile={passwordForInitdb}", $"--auth={Authentication}",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordForInitdb);
        }
    }

    /// <summary>The superuser's password, generated on first use into a file only this user reads.</summary>
    private static async Task<string> LoadOrCreatePasswordAsync(string passwordFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(passwordFile))
        {
            // Hex: nothing to quote in a connection string or in SQL. Written aside, then moved into place: of several
            // processes starting at once, one wins and all read its password.
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(passwordFile))!);
            var draft = $"{passwordFile}.{Guid.NewGuid():N}.tmp";
            await LocalFolders.WritePrivateAsync(draft, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), cancellationToken);
            try
            {
                File.Move(draft, passwordFile, overwrite: false);
            }
            catch (IOException) when (File.Exists(passwordFile))
            {
                File.Delete(draft);
            }
        }

        return (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
    }

    /// <summary>Earlier versions created the cluster with trust authentication: any local user was its superuser.</summary>
    private static bool TrustsEveryone(string dataDirectory) =>
        File.ReadLines(Path.Combine(dataDirectory, "pg_hba.conf")).Any(line => AuthenticationRule(line)?.Contains("trust") == true);

    /// <summary>
    /// Gives a cluster that trusted everyone the superuser's password (while it still trusts us) and then asks every
    /// connection for it: its data stays as it was.
    /// </summary>
    private async Task RequirePasswordAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var setPassword = new NpgsqlCommand($"alter role {ServiceUser} password '{_password.Replace("'", "''", StringComparison.Ordinal)}'", connection);
            await setPassword.ExecuteNonQueryAsync(cancellationToken);

            // Rewritten in place: the file keeps its owner (the postgres user) and mode.
            var hba = Path.Combine(dataDirectory, "pg_hba.conf");
            var lines = (await File.ReadAllLinesAsync(hba, cancellationToken))
                .Select(line => AuthenticationRule(line) is { } fields
                    ? string.Join(' ', fields.Select(field => field == "trust" ? Authentication : field))
                    : line);
            await File.WriteAllLinesAsync(hba, lines, cancellationToken);
            await using var reload = new NpgsqlCommand("select pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
        }

        // The reload is asynchronous: wait until a connection without the password is refused.
        var withoutPassword = new NpgsqlConnectionStringBuilder(ConnectionString("postgres", pooling: false)) { Password = null }.ConnectionString;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await using var probe = new NpgsqlConnection(withoutPassword);
                await probe.OpenAsync(cancellationToken);
            }
            catch (NpgsqlException)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new PostgresUnavailableException($"The cluster in {Root} still accepts connections without a password after its pg_hba.conf was changed.");
    }

    /// <summary>The fields of a rule of pg_hba.conf, or null for a comment or a blank line.</summary>
    private static string[]? AuthenticationRule(string line)
    {
        var fields = line.Split('#', 2)[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 0 ? null : fields;
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
