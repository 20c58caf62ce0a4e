using AlfaPlatform.Benchmarks.Running;

// See BenchOptions.Usage, README (Benchmarks) and docs/performance.md.
try
{
    return await BenchmarkRun.RunAsync(args, Console.Out);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("The benchmark was stopped; its database is dropped, and --out keeps only the rounds that had finished.");
    return 1;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"The benchmark stopped: {e}");
    return 1;
}
