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
}
