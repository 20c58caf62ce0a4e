using System.Diagnostics;
using System.Globalization;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// How reads grow with the store. Over P6's generated history (the same events, grown to the same size when P6 did
/// not run first), once the async projections have caught up and the tables' statistics are taken, one staff reader reads each of the figure's reads in
/// turn, over HTTP: each read timed from the request to its last byte. The figure is the p50 and p99 of all reads;
/// the title gives each read's median over the measured runs.
/// </summary>
internal abstract class ReadsOverHistory : IScenario
{
    private readonly List<(Measurement Run, Dictionary<string, TimeSpan> Medians)> _runs = [];
    private BenchContext? _bench;

    public abstract string Id { get; }

    public string Group => "projections";

    /// <summary>What is read, for the title.</summary>
    protected abstract string What { get; }

    protected abstract int ReadsEach { get; }

    /// <summary>Each read's name, in the order of <see cref="UrisAsync"/>.</summary>
    protected abstract IReadOnlyList<string> Names { get; }

    /// <summary>What the reads read over, untimed: P6's history, grown to the size asked.</summary>
    protected virtual Task PrepareAsync(BenchContext bench, int size, CancellationToken cancellationToken) =>
        GeneratedHistory.Of(bench).GrowAsync(bench, ProjectionRebuildRate.Generated(size), cancellationToken);

    /// <summary>The address each read gets, once the history is there.</summary>
    protected abstract Task<IReadOnlyList<string>> UrisAsync(BenchContext bench, CancellationToken cancellationToken);

    public string Title
    {
        get
        {
            var measured = _bench?.Measured(Id) ?? [];
            var runs = _runs.Where(r => measured.Any(m => ReferenceEquals(m, r.Run))).Select(r => r.Medians).ToList();
            var each = runs.Count == 0
                ? "none measured yet"
                : string.Join(" · ", Names.Select(name => string.Create(CultureInfo.InvariantCulture,
                    $"{name} {Figure.Middle(runs.Select(run => run[name].TotalMilliseconds)):0.0} ms")));
            return $"{What}, {ReadsEach} reads each, one staff reader; medians: {each})";
        }
    }

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        _bench = bench;
        await PrepareAsync(bench, size, cancellationToken);
        await bench.Platform.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
        // With statistics of what was just written, as autovacuum takes them within a minute or so of a bulk write: a read
        // timed before that measures the planner's guesses about tables it never sampled (a default third of a table
        // matching a condition that matches a hundredth), not the reads a running network gets.
        await using (var analyze = bench.Database.CreateCommand("analyze"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        var reads = Names.Zip(await UrisAsync(bench, cancellationToken)).ToList();
        var answers = Names.ToDictionary(name => name, _ => new List<TimeSpan>());
        var measurement = await Measurement.TimeAsync(reads.Count * ReadsEach, async () =>
        {
            for (var read = 0; read < ReadsEach; read++)
            {
                foreach (var (name, uri) in reads)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await bench.Staff.GetAsync(uri, cancellationToken);
                    answers[name].Add(Stopwatch.GetElapsedTime(started));
                    await PlatformUnderTest.EnsureSuccessAsync(response, $"Reading {uri}", cancellationToken);
                }
            }
        }, "reads");
        measurement = measurement with { Latency = Latency.Of([.. answers.Values.SelectMany(a => a)]) };
        _runs.Add((measurement, answers.ToDictionary(a => a.Key, a => Latency.Of(a.Value).P50)));
        return measurement;
    }
}

/// <summary>P6b: each dashboard, today's figures (issue 16's <i>scale on paper</i>, measured).</summary>
internal sealed class DashboardReadsOverHistory : ReadsOverHistory
{
    private static readonly string[] Dashboards = ["network", "membership", "pipeline", "value", "experience", "meetings", "activity", "carnot"];

    public override string Id => "P6b";

    protected override string What => "each dashboard read over P6's history (GET /api/dashboards/…, today";

    protected override int ReadsEach => 20;

    protected override IReadOnlyList<string> Names => Dashboards;

    protected override Task<IReadOnlyList<string>> UrisAsync(BenchContext bench, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Dashboards.Select(d => $"/api/dashboards/{d}")]);
}

/// <summary>
/// P6c: each directory as of today, its first page, and one organisation's teams. An as-of list reads as they are the
/// records unchanged since the day and folds the others up to the day (ADR 0004 and its amendment): as of today it
/// reads every record of its kind and folds none, so it grows with the records; an organisation's teams read that
/// organisation's teams only.
/// </summary>
internal sealed class AsOfListReadsOverHistory : ReadsOverHistory
{
    private static readonly (string Name, string Path)[] Lists =
    [
        ("organisations", "/api/organisations"), ("people", "/api/people"), ("teams", "/api/teams"),
        ("requests", "/api/collaborations"), ("meetings", "/api/meetings"),
    ];

    public override string Id => "P6c";

    protected override string What => "each list as of today read over P6's history (GET /api/…?asOf=, the first page; an organisation's teams: /api/teams?organisationId=";

    protected override int ReadsEach => 5;

    protected override IReadOnlyList<string> Names { get; } = [.. Lists.Select(l => l.Name), "an organisation's teams"];

    protected override async Task<IReadOnlyList<string>> UrisAsync(BenchContext bench, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var session = bench.Platform.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var organisation = await session.Query<StreamRecord<Team>>().Select(t => t.State.OrganisationId).FirstAsync(cancellationToken);
        return [.. Lists.Select(l => $"{l.Path}?asOf={today}"), $"/api/teams?organisationId={organisation}&asOf={today}"];
    }
}
