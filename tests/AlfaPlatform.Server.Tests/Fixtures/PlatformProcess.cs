using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// The platform as an operating-system process of its own (the server's build output run by <c>dotnet</c>), so that
/// a test can kill it with SIGKILL as a crash would, mid-request, and start it again on the same database.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    /// <summary>
    /// How long a test waits for the cluster to vote a killed process's silo dead (its missed probes, ADR 0014): about
    /// 15 s here, and up to four times as long per probe on a starved machine, where a silo's own health is degraded.
    /// </summary>
    public static readonly TimeSpan DeathVoteLimit = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string _log;
    private readonly Launch _launch;

    private PlatformProcess(Process process, Launch launch, string log)
    {
        _process = process;
        _launch = launch;
        Address = new Uri($"http://127.0.0.1:{launch.Http}");
        _log = log;
    }

    public Uri Address { get; }

    /// <summary>The operating system's id of the process (the daemon's rebuilds name the node that ran them by it).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the platform over <paramref name="connectionString"/> on free ports and waits until it is ready; processes
    /// over one database form one cluster (PostgreSQL membership).
    /// </summary>
    /// <param name="name">What its database sessions call themselves (<c>application_name</c>), to tell nodes apart there.</param>
    /// <param name="variables">Environment variables set beside (or instead of) the defaults, e.g. <c>Platform__ClockOffset</c>.</param>
    public static Task<PlatformProcess> StartAsync(
        string connectionString, PlatformRole role = PlatformRole.Combined, string? name = null, IReadOnlyDictionary<string, string>? variables = null) =>
        StartAsync(new Launch(
            name is null ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name }.ConnectionString,
            LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort(), LocalPostgresCluster.FreePort(), role, variables ?? new Dictionary<string, string>()));

    /// <summary>
    /// Starts this node again after it stopped, on its own ports, as a deployment restarts a node: its new silo finds
    /// its old incarnation in the membership table by address and port, and declares it dead instead of waiting for it.
    /// </summary>
    public Task<PlatformProcess> RestartAsync() => StartAsync(_launch);

    private static async Task<PlatformProcess> StartAsync(Launch launch)
    {
        var address = new Uri($"http://127.0.0.1:{launch.Http}");
        var log = Path.Combine(PlatformFixture.KeysFolder, $"platform-{launch.Http}-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("dotnet", [ServerAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly())!,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = address.ToString(),
                [$"ConnectionStrings__{PostgresProvisioning.ConnectionStringName}"] = launch.ConnectionString,
                ["Platform__Seed"] = "false",
                ["Platform__Role"] = launch.Role.ToString(),
                ["Orleans__AdvertisedAddress"] = "127.0.0.1",
                ["Orleans__SiloPort"] = launch.Silo.ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = launch.Gateway.ToString(CultureInfo.InvariantCulture),
                ["Authentication__KeysPath"] = PlatformFixture.KeysFolder,
                ["Authentication__FirstStaffPassword"] = Accounts.FirstStaffPassword,
                ["Authentication__RequireHttps"] = "false",
                ["RateLimits__SignedIn"] = "100000",
                ["RateLimits__SignIn"] = "100000",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        foreach (var (variable, value) in launch.Variables)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = File.AppendText(log);
        output.AutoFlush = true;
        process.OutputDataReceived += (_, e) => Write(output, e.Data);
        process.ErrorDataReceived += (_, e) => Write(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var platform = new PlatformProcess(process, launch, log);
        await platform.WaitUntilReadyAsync();
        return platform;
    }

    /// <summary>A client signed in as the first staff account (its own password chosen on the first sign-in), with a timeout a dead process cannot stretch.</summary>
    public async Task<HttpClient> SignInAsync()
    {
        var client = CreateClient();
        const string admin = AlfaPlatform.Server.Identity.FirstStaffAccount.UserName;
        if (await Accounts.TryTokenAsync(client, admin, Accounts.StaffPassword) is { } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            await Accounts.ChooseOwnPasswordAsync(client, admin, Accounts.FirstStaffPassword, Accounts.StaffPassword); // its first sign-in
        }

        return client;
    }

    /// <summary>A client of this process that is not signed in, with a timeout a dead process cannot stretch.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, requests in flight cut off, as a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The process's own console output, for a failing test's message.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            return string.Join('\n', File.ReadLines(_log).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The platform exited with {_process.ExitCode}:\n{LogTail()}");
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The platform was not ready within 90 s:\n{LogTail()}");
    }

    private static void Write(StreamWriter output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>The server's own build output, of the configuration these tests were built in.</summary>
    internal static string ServerAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AlfaPlatform.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/<framework>/
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("AlfaPlatform.sln not found above the tests."),
            "src", "AlfaPlatform.Server", "bin", configuration, "net10.0", "AlfaPlatform.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the server first.", path);
    }

    /// <summary>The silo's port, as the membership table names it (none for a gateway).</summary>
    public int SiloPort => _launch.Silo;

    /// <summary>How this node was started: a restart starts it the same way, on the same ports.</summary>
    private sealed record Launch(
        string ConnectionString, int Http, int Silo, int Gateway, PlatformRole Role, IReadOnlyDictionary<string, string> Variables);
}
