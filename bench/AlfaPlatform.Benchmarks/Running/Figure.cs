namespace AlfaPlatform.Benchmarks.Running;

/// <summary>A scenario's runs and the figure taken from them: their median.</summary>
public sealed record Figure(IScenario Scenario, IReadOnlyList<Measurement> Runs)
{
    public Measurement Median
    {
        get
        {
            // The run of median throughput (the lower middle one of an even count): its time and rate belong together.
            var ordered = Runs.OrderBy(r => r.PerSecond).ToList();
            return ordered[(ordered.Count - 1) / 2];
        }
    }

    /// <summary>For a figure of answers, the median over runs of each percentile (not one run's): null for the others.</summary>
    public Latency? MedianLatency => Runs.All(r => r.Latency is not null) && Runs.Count > 0
        ? new Latency(Middle(Runs.Select(r => r.Latency!.P50)), Middle(Runs.Select(r => r.Latency!.P99)))
        : null;

    /// <summary>The median of <paramref name="values"/>, as every figure takes it: the lower middle one of an even count.</summary>
    public static T Middle<T>(IEnumerable<T> values)
    {
        var ordered = values.Order().ToList();
        return ordered[(ordered.Count - 1) / 2];
    }
}
