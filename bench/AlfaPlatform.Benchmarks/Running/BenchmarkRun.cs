using System.Diagnostics;
using System.Runtime;
using AlfaPlatform.Benchmarks.Anchors;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Npgsql;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>
/// One benchmark run: a database of its own, the platform hosted over it, every figure asked for measured in this
/// one process against that database, then the table (and, with --out, the document).
/// </summary>
public static class BenchmarkRun
{
    /// <summary>Before the measured runs, each figure runs untimed on a tenth of the rows, at most this many (JIT, pools, caches).</summary>
    private const int MaxWarmUpRows = 100;

    /// <summary>
    /// A figure's warm-up runs again until a window this long compiled at most <see cref="SettledMethods"/> methods: the
    /// tiered JIT recompiles a hot method (instrumented, then optimised with what it profiled) in the background
    /// seconds after its first calls, and a measured run that shares the cores with that work times the JIT, not the
    /// platform a deployment runs for days.
    /// </summary>
    private static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(1);

    private const int SettledMethods = 10;

    /// <summary>
    /// A figure whose code has not settled by then, or after as many rows as one measured run, is measured anyway (the
    /// runs' spread shows it): its warm-up adds no more to the database (I1's people) than a run does.
    /// </summary>
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(20);

    /// <summary>Every scenario in this assembly, in the order of their ids (anchors first).</summary>
    public static IReadOnlyList<IScenario> Scenarios { get; } = typeof(IScenario).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IScenario).IsAssignableFrom(type))
        .Select(type => (IScenario)Activator.CreateInstance(type)!)
        .OrderBy(scenario => scenario.Id, StringComparer.Ordinal)
        .ToList();

    /// <returns>The process's exit code: 0, 1 when a figure could not be taken, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (args.Any(arg => arg is "--help" or "-h"))
        {
            await output.WriteLineAsync(BenchOptions.Usage);
            return 0;
        }

        var (options, error) = BenchOptions.Parse(args);
        var unknown = options?.Only.Where(name => !Scenarios.Any(s => Named(s, [name]))).ToList() ?? [];
        error ??= unknown.Count > 0
            ? $"--only names no figure or group called {string.Join(", ", unknown)}; they are {string.Join(", ", Scenarios.Select(s => $"{s.Id} ({s.Group})"))}."
            : null;
        if (options is null || error is not null)
        {
            await output.WriteLineAsync($"{error}\n\n{BenchOptions.Usage}");
            return 2;
        }

        var scenarios = Select(options.Only);

        var server = options.Postgres ?? await ThrowawayDatabases.StartLocalServerAsync(cancellationToken) ?? throw new PostgresUnavailableException(
            "The benchmark needs PostgreSQL: install its server binaries (apt-get install postgresql), or name a server with --postgres or ALFA_BENCH_POSTGRES.");
        var database = await ThrowawayDatabases.CreateAsync(server, "alfa_bench", cancellationToken);
        try
        {
            var oneTimePassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            await using var platform = await PlatformUnderTest.StartAsync(database, oneTimePassword, cancellationToken);

            // Ctrl+C or SIGTERM stops the hosted platform: the figure under way stops with it, the database is dropped.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, platform.Lifetime.ApplicationStopping);
            cancellationToken = stopping.Token;
            using var staff = PlatformUnderTest.CreateClient(platform);
            var signInAgain = await PlatformUnderTest.SignInAsStaffAsync(staff, oneTimePassword, cancellationToken);
            await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 4 * BenchContext.Writers }.ConnectionString);
            var bench = new BenchContext(platform, staff, raw);

            var machine = await Machine.DescribeAsync(raw, cancellationToken);
            var command = $"{BenchOptions.Command} {BenchOptions.Redacted(args)}".TrimEnd();
            string Section(IReadOnlyList<Figure> figures) =>
                PerformanceReport.Section(figures, SingleInserts.ReferenceId, machine, DateTimeOffset.UtcNow, command, options.Runs, options.Rows);

            // The document is written after every round, so a long run stopped early still leaves its finished rounds.
            var figures = await MeasureAsync(bench, scenarios, options, output, signInAgain, async done =>
            {
                if (options.OutputPath is { } path)
                {
                    await PerformanceReport.WriteAsync(path, Section(done), cancellationToken);
                }
            }, cancellationToken);
            await output.WriteLineAsync();
            await output.WriteLineAsync(Section(figures));
            if (options.OutputPath is { } written)
            {
                await output.WriteLineAsync($"Written into {written}.");
            }

            await platform.StopAsync(CancellationToken.None); // not the linked token: stopping cancels it, and Orleans' own stop with it
            return 0;
        }
        finally
        {
            await ThrowawayDatabases.DropAsync(server, database, CancellationToken.None);
        }
    }

    /// <summary>The figures --only names (by id or group), always with the reference every ratio needs.</summary>
    private static List<IScenario> Select(IReadOnlyList<string> only) =>
        [.. Scenarios.Where(s => only.Count == 0 || s.Id == SingleInserts.ReferenceId || Named(s, only))];

    private static bool Named(IScenario scenario, IReadOnlyList<string> only) =>
        only.Any(name => string.Equals(name, scenario.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(name, scenario.Group, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Run 1 of every figure, then run 2 of every figure, and so on: a slow spell of a shared machine then touches every
    /// figure's runs alike instead of all runs of one.
    /// </summary>
    private static async Task<List<Figure>> MeasureAsync(
        BenchContext bench, IReadOnlyList<IScenario> scenarios, BenchOptions options, TextWriter output,
        Func<CancellationToken, Task> signInAgain, Func<IReadOnlyList<Figure>, Task> roundDone, CancellationToken cancellationToken)
    {
        var warmUp = options.WarmUp ?? Math.Clamp(options.Rows / 10, 1, MaxWarmUpRows);
        foreach (var scenario in warmUp > 0 ? scenarios : [])
        {
            var maxRepeats = Math.Max(1, options.Rows / warmUp);
            var (repeats, took, settled) = await WarmUpAsync(bench, scenario, warmUp, maxRepeats, signInAgain, cancellationToken);
            await output.WriteLineAsync(FormattableString.Invariant(
                $"{scenario.Id} warm-up: {repeats} × {warmUp} rows in {took.TotalSeconds:0.0} s{(settled ? "" : ", measured before the JIT was seen to settle")}"));
        }

        var runs = scenarios.ToDictionary(s => s, _ => new List<Measurement>());
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var scenario in scenarios)
            {
                await signInAgain(cancellationToken); // untimed: the staff client's token, fresh for every run (it lasts an hour)
                var measurement = await scenario.RunAsync(bench, options.Rows, cancellationToken);
                runs[scenario].Add(measurement);
                bench.Record(scenario.Id, measurement);
                var latency = measurement.Latency is { } answers ? $", {PerformanceReport.Percentiles(answers)}" : "";
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"{scenario.Id} run {run}/{options.Runs}: {measurement.Items:#,0} {measurement.Unit} in {measurement.Elapsed.TotalSeconds:0.000} s, {measurement.PerSecond:#,0} {measurement.Unit}/s{latency}"));
            }

            await roundDone([.. scenarios.Select(s => new Figure(s, runs[s]))]);
        }

        return [.. scenarios.Select(s => new Figure(s, runs[s]))];
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> untimed on <paramref name="rows"/> until the JIT has settled (<see cref="SettleWindow"/>),
    /// at most <paramref name="maxRepeats"/> times and for about <see cref="MaxWarmUp"/>.
    /// </summary>
    private static async Task<(int Repeats, TimeSpan Took, bool Settled)> WarmUpAsync(
        BenchContext bench, IScenario scenario, int rows, int maxRepeats, Func<CancellationToken, Task> signInAgain, CancellationToken cancellationToken)
    {
        await signInAgain(cancellationToken); // once: a warm-up ends long before the token does
        var clock = Stopwatch.StartNew();
        var (windowStart, compiledBefore, repeats) = (TimeSpan.Zero, JitInfo.GetCompiledMethodCount(), 0);
        while (true)
        {
            await scenario.RunAsync(bench, rows, cancellationToken);
            repeats++;
            if (clock.Elapsed - windowStart >= SettleWindow)
            {
                var compiled = JitInfo.GetCompiledMethodCount();
                if (compiled - compiledBefore <= SettledMethods)
                {
                    return (repeats, clock.Elapsed, Settled: true);
                }

                (windowStart, compiledBefore) = (clock.Elapsed, compiled);
            }

            if (clock.Elapsed >= MaxWarmUp || repeats >= maxRepeats)
            {
                return (repeats, clock.Elapsed, Settled: false);
            }
        }
    }
}
