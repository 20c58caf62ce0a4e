using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Benchmarks.Running;

namespace AlfaPlatform.Benchmarks.Search;

/// <summary>
/// S1 (issue 15: under 50 ms p99), one person searching at a time; S2, the same with many callers at once: staff
/// search the seeded network and --rows generated records over HTTP with what people type: common and rare words, two
/// words, French with and without accents, the start of a word, a kind. Each answer is timed from the GET to its last
/// byte; the records are made once for both figures, untimed.
/// </summary>
internal abstract class SearchLatency : IScenario
{
    private const int MaxQueries = 2_000;

    private static readonly (string Text, string? Kind)[] Typed =
    [
        ("AML", null), ("leucémie", null), ("leucemie aigue", null), ("leucémie aiguë lymphoblastique", null), ("cytom", null),
        ("cytométrie en flux", null), ("cytometrie", null), ("flow cytometry", null), ("MRD", null), ("CAR-T", null),
        ("greffe allogénique", null), ("allogeneic transplant", null), ("myélodysplasiques", null), ("myelodysplastic", null),
        ("NPM1", null), ("NPM1 AML", null), ("venetoclax", null), ("menin", null), ("Martin", null), ("Inès Petit", null),
        ("bioinformatician", null), ("Marseille", null), ("therapeutics", null), ("hématopoïèse clonale", null),
        ("niche médullaire", null), ("ALFA", null), ("zygomorphe", null), ("AML", "person"), ("cytométrie", "team"),
        ("leucémie", "organisation"), ("MRD", "request"), ("journée scientifique", "meeting"), ("transplant", "session"),
    ];

    private static readonly SearchNetwork Network = new();

    public abstract string Id { get; }

    public string Group => "search";

    public string Title => $"search p99: GET /api/search as staff, {Callers} caller{(Callers == 1 ? "" : "s")}, seeded network + --rows generated records";

    /// <summary>How many search at once.</summary>
    protected abstract int Callers { get; }

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        await Network.GrowAsync(bench, size, cancellationToken);
        await SearchNetwork.CaughtUpAsync(bench);
        await EnsureFoundAsync(bench.Staff, cancellationToken);

        var queries = Math.Clamp(size / 5, 50, MaxQueries);
        var answers = new ConcurrentBag<TimeSpan>();
        var next = -1;
        var measurement = await Measurement.TimeAsync(queries, () => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < queries; i = Interlocked.Increment(ref next))
            {
                var (text, kind) = Typed[i % Typed.Length];
                var uri = $"/api/search?q={Uri.EscapeDataString(text)}{(kind is null ? "" : $"&kind={kind}")}";
                var started = Stopwatch.GetTimestamp();
                using var response = await bench.Staff.GetAsync(uri, cancellationToken); // the whole body read, as a client does
                answers.Add(Stopwatch.GetElapsedTime(started));
                await PlatformUnderTest.EnsureSuccessAsync(response, $"Searching '{text}'", cancellationToken);
            }
        }, cancellationToken))), unit: "queries");
        return measurement with { Latency = Latency.Of(answers) };
    }

    /// <summary>A figure over an index that finds nothing would be a lie: the commonest word must find records.</summary>
    private static async Task EnsureFoundAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        var found = await staff.GetFromJsonAsync<JsonElement>("/api/search?q=AML", cancellationToken);
        if (found.GetProperty("total").GetInt64() == 0)
        {
            throw new InvalidOperationException("Searching 'AML' found nothing: the search index did not take the generated records.");
        }
    }
}

/// <summary>S1: the latency one person sees.</summary>
internal sealed class SearchLatencyAlone : SearchLatency
{
    public override string Id => "S1";

    protected override int Callers => 1;
}

/// <summary>S2: the latency under load, as many callers as the benchmark's writers.</summary>
internal sealed class SearchLatencyUnderLoad : SearchLatency
{
    public override string Id => "S2";

    protected override int Callers => BenchContext.Writers;
}
