using System.Collections.Concurrent;
using System.Diagnostics;
using AlfaPlatform.Benchmarks.Commands;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;

namespace AlfaPlatform.Benchmarks.Reads;

/// <summary>
/// P4a and P4b: what a reader waits for while the platform writes. P1's write load runs in process (64 callers
/// changing partner companies' size through the mediator) while a few staff readers read over HTTP, in a loop, one
/// read after another; only the reads are timed, each from the GET to its last byte. They start once every writer has
/// been answered once, so that every read is under load, and the writers stop when the reads are done.
/// </summary>
internal abstract class ReadsUnderWriteLoad : IScenario
{
    protected const int Readers = 4;
    private const int MinReads = 100;
    private const int MaxReads = 2_000;

    public abstract string Id { get; }

    public string Group => "reads";

    public abstract string Title { get; }

    /// <summary>What the <paramref name="read"/>th read asks for, given the companies being written.</summary>
    protected abstract string Uri(IReadOnlyList<Guid> companies, int read);

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var reads = Math.Clamp(size / 5, MinReads, MaxReads);
        using var load = await CommandPath.WriteLoad.PrepareAsync(bench, cancellationToken);
        var companies = load.Companies;
        await SearchNetwork.CaughtUpAsync(bench); // what earlier figures left the async projections is not projected while this one is timed
        var writing = true;
        var written = 0;
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = load.RunAsync(
            () => Volatile.Read(ref writing),
            CommandPath.ChangeSizeInProcessAsync,
            _ =>
            {
                if (Interlocked.Increment(ref written) == CommandPath.Callers)
                {
                    loaded.TrySetResult();
                }
            },
            cancellationToken);
        try
        {
            await Task.WhenAny(loaded.Task, writers);
            if (writers.IsCompleted)
            {
                await writers; // a refused write: its error, not a figure
                throw new InvalidOperationException("The write load stopped before the reads started.");
            }

            var answers = new ConcurrentBag<TimeSpan>();
            var next = -1;
            var measurement = await Measurement.TimeAsync(reads, () => Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < reads; i = Interlocked.Increment(ref next))
                {
                    var uri = Uri(companies, i);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await bench.Staff.GetAsync(uri, cancellationToken); // the whole body read, as a client does
                    answers.Add(Stopwatch.GetElapsedTime(started));
                    await PlatformUnderTest.EnsureSuccessAsync(response, $"Reading {uri}", cancellationToken);
                }
            }, cancellationToken))), unit: "reads");
            return measurement with { Latency = Latency.Of(answers) };
        }
        finally
        {
            Volatile.Write(ref writing, false);
            await writers;
        }
    }
}

/// <summary>P4a: a dashboard, the network at a glance, read from its asynchronous projection.</summary>
internal sealed class DashboardReadsUnderWriteLoad : ReadsUnderWriteLoad
{
    public override string Id => "P4a";

    public override string Title => $"dashboard read p99 under P1's write load: GET /api/dashboards/network as staff, {Readers} readers, {CommandPath.Callers} writers in process";

    protected override string Uri(IReadOnlyList<Guid> companies, int read) => "/api/dashboards/network";
}

/// <summary>P4b: a company read by its id while its own size is being changed.</summary>
internal sealed class OwnRecordReadsUnderWriteLoad : ReadsUnderWriteLoad
{
    public override string Id => "P4b";

    public override string Title => $"own-record read p99 under P1's write load: GET /api/organisations/{{id}} of a company being written, {Readers} readers, {CommandPath.Callers} writers in process";

    protected override string Uri(IReadOnlyList<Guid> companies, int read) => $"/api/organisations/{companies[read % companies.Count]}";
}
