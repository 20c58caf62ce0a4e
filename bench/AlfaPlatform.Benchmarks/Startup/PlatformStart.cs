using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Microsoft.Extensions.Configuration;

namespace AlfaPlatform.Benchmarks.Startup;

/// <summary>
/// P7a: from starting the server's process to its first ready answer (GET /health/ready: PostgreSQL answers and the
/// Orleans silo is up), as a restart of a deployment: the built AlfaPlatform.Server.dll under `dotnet`, over the
/// benchmark's database (schema and seed there already), on ports of its own, its own Orleans cluster beside the
/// hosted platform. A process, not a second platform in this one: this process's JIT-compiled code and loaded
/// assemblies would make a start look quicker than any deployment's. The process is killed once ready, untimed.
/// The server is the one a deployment runs: published ReadyToRun for this machine's runtime, as deploy/Dockerfile
/// publishes it (once per benchmark process, untimed). A Debug build of the tool (its smoke test) starts the build
/// output instead: its figures mean nothing, and publishing would add minutes to the test suite.
/// </summary>
internal sealed class PlatformStart : IScenario
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    /// <summary>Kept from one start to the next, as a deployment keeps its keys: only the first start creates them.</summary>
    private readonly string _keys = ThrowawayClusters.NewFolder();

    public string Id => "P7a";

    public string Group => "startup";

    public string Title => "start-up: from starting the server's process (dotnet AlfaPlatform.Server.dll, same database) until GET /health/ready answers 200";

    private static readonly Lazy<Task<string>> Deployed = new(PublishAsync);

    /// <summary>Whether this build of the tool is optimised (Release): only then are its figures worth a publish.</summary>
    private static readonly bool Optimised = !typeof(PlatformStart).Assembly
        .GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled);

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var server = Optimised ? await Deployed.Value : typeof(PlatformApp).Assembly.Location;
        var port = LocalPostgresCluster.FreePort();
        var start = new ProcessStartInfo(DotnetHost(), [server])
        {
            WorkingDirectory = Path.GetDirectoryName(server)!, // its appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{PostgresProvisioning.ConnectionStringName}"] =
            bench.Platform.Configuration.GetConnectionString(PostgresProvisioning.ConnectionStringName);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // A cluster of its own in the membership table: it must not join the hosted platform's, nor wait for the
        // silo of the previous start, which was killed.
        start.Environment["Orleans__ClusterId"] = $"p7a-{Guid.NewGuid():N}";
        start.Environment["Orleans__AdvertisedAddress"] = "127.0.0.1";
        start.Environment["Orleans__SiloPort"] = LocalPostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = LocalPostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Authentication__KeysPath"] = _keys;
        start.Environment["Authentication__RequireHttps"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Error";

        await QuietAsync(bench, cancellationToken);
        using var ready = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} {server}.");
        process.OutputDataReceived += (_, line) => Keep(output, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < GiveUpAfter)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The server's process ended with {process.ExitCode} before it was ready:\n{Text(output)}");
                }

                try
                {
                    using var answer = await ready.GetAsync("/health/ready", cancellationToken);
                    if (answer.IsSuccessStatusCode)
                    {
                        return new Measurement(clock.Elapsed, 1, "starts");
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // listening, not answering yet
                }

                await Task.Delay(PollEvery, cancellationToken);
            }

            throw new TimeoutException($"The server's process was not ready after {GiveUpAfter}:\n{Text(output)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Until nothing an earlier figure left is still running: the hosted platform's projections caught up, and no
    /// autovacuum worker on the server (P6 ends with a COPY of a million rows, which PostgreSQL vacuums and analyses
    /// after). A start measured beside that work times the machine's backlog, not the start.
    /// </summary>
    private static async Task QuietAsync(BenchContext bench, CancellationToken cancellationToken)
    {
        await SearchNetwork.CaughtUpAsync(bench);
        var quietBy = Stopwatch.StartNew();
        await using var autovacuum = bench.Database.CreateCommand("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'");
        while ((long)(await autovacuum.ExecuteScalarAsync(cancellationToken))! > 0 && quietBy.Elapsed < GiveUpAfter)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Publishes the server as deploy/Dockerfile does (ReadyToRun, framework-dependent) into a folder of its own.</summary>
    private static async Task<string> PublishAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "AlfaPlatform.Server", "AlfaPlatform.Server.csproj");
        var folder = ThrowawayClusters.NewFolder();
        var publish = new ProcessStartInfo(DotnetHost(),
            new[] { "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", folder })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(publish) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing the server ReadyToRun failed ({process.ExitCode}):\n{await output}{await errors}");
        }

        return Path.Combine(folder, Path.GetFileName(typeof(PlatformApp).Assembly.Location));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AlfaPlatform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("P7a publishes the server from the repository the tool was built in.");
    }

    /// <summary>The `dotnet` that runs this process, so the server runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        // …/dotnet/shared/Microsoft.NETCore.App/<version>/ → …/dotnet/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(dotnet) ? dotnet : "dotnet";
    }

    private static void Keep(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 20_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
