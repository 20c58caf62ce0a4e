using AlfaPlatform.Benchmarks.Running;

// See BenchOptions.Usage, README (Benchmarks) and docs/performance.md.
try
{
    return await BenchmarkRun.RunAsync(args, Console.Out);
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"The benchmark stopped: {e}");
    return 1;
}
