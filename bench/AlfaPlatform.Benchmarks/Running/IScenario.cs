using System.Diagnostics;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>
/// One figure of the benchmark. The runner finds every implementation in this assembly, so a new figure is a new
/// class and nothing else: it gets the platform, a signed-in staff client and the database (<see cref="BenchContext"/>),
/// prepares what it needs untimed and times only the work it measures.
/// </summary>
public interface IScenario
{
    /// <summary>The figure's short name in the table and for --only (A1, I1, P1…); figures are listed in its order.</summary>
    string Id { get; }

    /// <summary>The group --only also accepts (anchors, import…), so related figures run together.</summary>
    string Group { get; }

    /// <summary>What is measured, in one line: the table's second column.</summary>
    string Title { get; }

    /// <summary>One run over <paramref name="size"/> items (--rows): fresh data each time, only the measured work timed.</summary>
    Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken);
}

/// <summary>
/// How long the measured work took and how many <paramref name="Unit"/> it handled; a figure of answers also keeps
/// how long each took (<paramref name="Latency"/>), since a rate alone hides the slow ones.
/// </summary>
public sealed record Measurement(TimeSpan Elapsed, long Items, string Unit = "rows", Latency? Latency = null)
{
    public double PerSecond => Items / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The CPU the platform and PostgreSQL spent meanwhile (<see cref="TimeAsync"/>'s): whose work the time was.</summary>
    public CpuTime? Cpu { get; init; }

    /// <summary>Times <paramref name="work"/>, which handles <paramref name="items"/> items.</summary>
    public static async Task<Measurement> TimeAsync(long items, Func<Task> work, string unit = "rows")
    {
        var cpu = CpuTime.Now();
        var clock = Stopwatch.StartNew();
        await work();
        return new Measurement(clock.Elapsed, items, unit) { Cpu = CpuTime.Now() - cpu };
    }
}

/// <summary>The time of the median answer and of the 99th percentile (nearest rank) among one run's answers.</summary>
public sealed record Latency(TimeSpan P50, TimeSpan P99)
{
    public static Latency Of(IReadOnlyCollection<TimeSpan> answers)
    {
        var sorted = answers.Order().ToList();
        TimeSpan At(double share) => sorted[Math.Max((int)Math.Ceiling(share * sorted.Count) - 1, 0)];
        return sorted.Count > 0 ? new Latency(At(0.50), At(0.99)) : throw new ArgumentException("No answers to summarise.", nameof(answers));
    }
}
