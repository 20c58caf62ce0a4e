using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Benchmarks.Anchors;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Server.Dashboards;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// P6: staff rebuild every async projection (the five dashboards' and search's) from the events, as an operator does
/// (POST /api/dashboards/rebuild, then GET /api/dashboards/rebuilds until none runs), over every event in the store:
/// at least min(1,000,000, --rows × 100) generated ones (<see cref="GeneratedHistory"/>) beside what the other figures
/// wrote. Then, in the same run, one binary COPY of as many anchor rows as A3 does, so the rebuild reads as a share of
/// what this database takes in: the table's ratio stays A1's, the COPY's rate and the share are in the title.
/// </summary>
internal sealed class ProjectionRebuildRate : IScenario
{
    private const long MaxGenerated = 1_000_000;
    private const int GeneratedPerRow = 100;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(1);

    private readonly List<(Measurement Rebuild, double Copy, IReadOnlyDictionary<string, TimeSpan> Each)> _copies = [];
    private BenchContext? _bench;

    /// <summary>The events generated for a run of <paramref name="size"/> rows: min(1,000,000, --rows × 100).</summary>
    public static long Generated(int size) => Math.Min(MaxGenerated, (long)size * GeneratedPerRow);

    public string Id => "P6";

    public string Group => "projections";

    public string Title => $"rebuild of all 6 async projections (POST /api/dashboards/rebuild) over every event in the store, ≥ min(1 M, --rows × 100) generated; {Copy}";

    /// <summary>The COPY of the measured runs (not the warm-up's): its median rate and the rebuild's median share of it.</summary>
    private string Copy
    {
        get
        {
            var measured = _bench?.Measured(Id) ?? [];
            var runs = _copies.Where(c => measured.Any(m => ReferenceEquals(m, c.Rebuild))).ToList();
            if (runs.Count == 0)
            {
                return "binary COPY of as many anchor rows in the same run: none measured yet";
            }

            var each = string.Join(", ", runs[0].Each.Keys.Order(StringComparer.Ordinal).Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p} {Figure.Middle(runs.Select(c => c.Each[p].TotalSeconds)):0.0} s")));
            return string.Create(CultureInfo.InvariantCulture,
                $"binary COPY of as many anchor rows in the same run: {Figure.Middle(runs.Select(c => c.Copy)):#,0} rows/s, rebuild = {Figure.Middle(runs.Select(c => c.Rebuild.PerSecond / c.Copy)):0.000}× COPY; each projection from the request to its end: {each} (medians of {runs.Count})");
        }
    }

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        _bench = bench;
        await GeneratedHistory.Of(bench).GrowAsync(bench, Generated(size), cancellationToken);

        // The daemon first projects what was just generated: not timed, and not left to run beside the rebuild.
        var store = bench.Platform.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(GiveUpAfter);
        var events = (await store.Advanced.FetchEventStoreStatistics(token: cancellationToken)).EventCount;

        IReadOnlyDictionary<string, TimeSpan> each = new Dictionary<string, TimeSpan>();
        var rebuild = await Measurement.TimeAsync(events, async () => each = await RebuildAllAsync(bench.Staff, cancellationToken), "events");
        var copy = await BinaryCopy.CopyAsync(bench.Database, checked((int)events), cancellationToken);
        _copies.Add((rebuild, copy.PerSecond, each));
        return rebuild;
    }

    /// <summary>Rebuilds every projection; returns how long each took, from the request to its end.</summary>
    private static async Task<IReadOnlyDictionary<string, TimeSpan>> RebuildAllAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        using var started = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "all" }, cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(started, "Starting the rebuild of every projection", cancellationToken);
        var projections = (await started.Content.ReadFromJsonAsync<RebuildAnswer>(JsonSerializerOptions.Web, cancellationToken))!.Projections;
        if (!DashboardProjections.Rebuildable.All(projections.Contains))
        {
            throw new InvalidOperationException($"Asked to rebuild all, the platform rebuilds {string.Join(", ", projections)} only.");
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < GiveUpAfter)
        {
            await Task.Delay(PollEvery, cancellationToken);
            var rebuilds = (await staff.GetFromJsonAsync<ProjectionRebuild[]>("/api/dashboards/rebuilds", JsonSerializerOptions.Web, cancellationToken))!
                .Where(r => projections.Contains(r.Id)).ToList();
            if (rebuilds.FirstOrDefault(r => r.Failure is not null) is { } failed)
            {
                throw new InvalidOperationException($"Rebuilding {failed.Id} failed: {failed.Failure}");
            }

            if (rebuilds.Count == projections.Count && rebuilds.All(r => !r.Running))
            {
                return rebuilds.ToDictionary(r => r.Id, r => r.FinishedAt!.Value - r.StartedAt);
            }
        }

        throw new TimeoutException($"The rebuild of {string.Join(", ", projections)} had not finished after {GiveUpAfter}.");
    }
}
