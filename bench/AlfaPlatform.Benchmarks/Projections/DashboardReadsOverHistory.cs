using System.Diagnostics;
using System.Globalization;
using AlfaPlatform.Benchmarks.Running;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// P6b: how each dashboard's read grows with the store. Over P6's generated history (the same events, grown to the
/// same size when P6 did not run first), once the async projections have caught up, one staff reader reads every
/// dashboard in turn, today's figures, over HTTP: each read timed from the request to its last byte. The figure is
/// the p50 and p99 of all reads; the title gives each dashboard's median over the measured runs.
/// </summary>
internal sealed class DashboardReadsOverHistory : IScenario
{
    private const int ReadsEach = 20;

    private static readonly string[] Dashboards = ["network", "membership", "pipeline", "value", "experience", "meetings", "activity", "carnot"];

    private readonly List<(Measurement Run, Dictionary<string, TimeSpan> Medians)> _runs = [];
    private BenchContext? _bench;

    public string Id => "P6b";

    public string Group => "projections";

    public string Title
    {
        get
        {
            var measured = _bench?.Measured(Id) ?? [];
            var runs = _runs.Where(r => measured.Any(m => ReferenceEquals(m, r.Run))).Select(r => r.Medians).ToList();
            var each = runs.Count == 0
                ? "none measured yet"
                : string.Join(" · ", Dashboards.Select(d => string.Create(CultureInfo.InvariantCulture,
                    $"{d} {Figure.Middle(runs.Select(r => r[d].TotalMilliseconds)):0.0} ms")));
            return $"each dashboard read over P6's history (GET /api/dashboards/…, today, {ReadsEach} reads each, one staff reader; medians: {each})";
        }
    }

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        _bench = bench;
        await GeneratedHistory.Of(bench).GrowAsync(bench, ProjectionRebuildRate.Generated(size), cancellationToken);
        await bench.Platform.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));

        var answers = Dashboards.ToDictionary(d => d, _ => new List<TimeSpan>());
        var measurement = await Measurement.TimeAsync(Dashboards.Length * ReadsEach, async () =>
        {
            for (var read = 0; read < ReadsEach; read++)
            {
                foreach (var dashboard in Dashboards)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await bench.Staff.GetAsync($"/api/dashboards/{dashboard}", cancellationToken);
                    answers[dashboard].Add(Stopwatch.GetElapsedTime(started));
                    await PlatformUnderTest.EnsureSuccessAsync(response, $"Reading the {dashboard} dashboard", cancellationToken);
                }
            }
        }, "reads");
        measurement = measurement with { Latency = Latency.Of([.. answers.Values.SelectMany(a => a)]) };
        _runs.Add((measurement, answers.ToDictionary(a => a.Key, a => Latency.Of(a.Value).P50)));
        return measurement;
    }
}
