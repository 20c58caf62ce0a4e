using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using AlfaPlatform.Benchmarks.Commands;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Organisations;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// P5: how far the asynchronous projections (the five dashboards' and search's) run behind a steady write load. P1's
/// command (a partner company's size changed, in process through the mediator, each of 64 callers on its own companies)
/// is sent at a fixed pace, half the most P1 managed in this run of the tool. A command's lag is from its answer to the
/// first moment every async projection's progress (read every 10 ms) has reached its event.
/// </summary>
internal sealed class ProjectionLag : IScenario
{
    /// <summary>The pace when P1 has not run yet in this process (the warm-up, or --only without P1).</summary>
    private const double FixedRate = 300;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CatchUpWithin = TimeSpan.FromMinutes(5);

    private string _pace = $"{FixedRate} commands/s";

    public string Id => "P5";

    public string Group => "projections";

    public string Title =>
        $"async projection lag: from a command's answer until all 6 async projections (dashboards, search) applied its event, commands paced at half P1's median rate (last run: {_pace})";

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var owned = await CommandPath.CompaniesAsync(bench, cancellationToken);
        await SearchNetwork.CaughtUpAsync(bench); // what earlier figures left the projections is not this figure's lag
        var p1 = bench.Measured("P1").Select(m => m.PerSecond).Order().ToList();
        var rate = p1.Count > 0 ? p1[(p1.Count - 1) / 2] / 2 : FixedRate;
        _pace = p1.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:#,0} commands/s")
            : string.Create(CultureInfo.InvariantCulture, $"{rate:#,0} commands/s, fixed: P1 not measured yet");

        var store = bench.Platform.Services.GetRequiredService<IDocumentStore>();
        var progress = new ProgressSamples(store);
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poller = progress.PollAsync(polling.Token);
        try
        {
            var (elapsed, commands) = await SendPacedAsync(bench, owned, size, rate, cancellationToken);
            var sequences = await SequencesAsync(bench, store, commands, cancellationToken);
            progress.StopAt(sequences.Max());
            try
            {
                await poller.WaitAsync(CatchUpWithin, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"The async projections had not applied the load's events {CatchUpWithin} after its last command.");
            }

            var lags = commands.Select((command, i) => progress.ReachedAt(sequences[i]) is { } applied && applied > command.At
                ? Stopwatch.GetElapsedTime(command.At, applied)
                : TimeSpan.Zero).ToList(); // applied before the answer reached its caller
            return new Measurement(elapsed, size, "commands") { Latency = Latency.Of(lags) };
        }
        finally
        {
            await polling.CancelAsync();
            try
            {
                await poller;
            }
            catch (OperationCanceledException)
            {
                // stopped here, after a failure: the failure is what the caller hears
            }
        }
    }

    /// <summary>
    /// <paramref name="size"/> commands at <paramref name="rate"/> per second, each caller on its own companies: how
    /// long they took, and each one's stream, new version and the moment its answer came.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, List<(Guid Stream, long Version, long At)> Commands)> SendPacedAsync(
        BenchContext bench, CommandPath.Company[] owned, int size, double rate, CancellationToken cancellationToken)
    {
        var acknowledged = new ConcurrentBag<(Guid Stream, long Version, long At)>();
        var scopes = Enumerable.Range(0, CommandPath.Callers).Select(_ => CommandPath.StaffScope(bench)).ToList();
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        try
        {
            await Task.WhenAll(scopes.Select((scope, caller) => Task.Run(async () =>
            {
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var mine = owned.Length / CommandPath.Callers + (caller < owned.Length % CommandPath.Callers ? 1 : 0);
                for (var round = 0; ; round++)
                {
                    var index = Interlocked.Increment(ref next);
                    if (index >= size)
                    {
                        return;
                    }

                    // Open loop: command i leaves at i / rate whatever the others' answers; a caller never sends early.
                    var due = started + (long)(index / rate * Stopwatch.Frequency);
                    if (due - Stopwatch.GetTimestamp() is > 0 and var ticks)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency), cancellationToken);
                    }

                    var company = owned[caller + round % mine * CommandPath.Callers];
                    company.Size = company.Size == CompanySize.LargeGroup ? CompanySize.Sme : company.Size + 1;
                    var changed = await mediator.Send(new ChangeSize.Command(company.Size) { OrganisationId = company.Id }, cancellationToken);
                    var at = Stopwatch.GetTimestamp();
                    CommandPath.Accepted(changed, "Changing a size");
                    acknowledged.Add((company.Id, changed.Version, at));
                }
            }, cancellationToken)));
        }
        finally
        {
            foreach (var scope in scopes)
            {
                scope.Dispose();
            }
        }

        return (Stopwatch.GetElapsedTime(started, acknowledged.Max(a => a.At)), [.. acknowledged]);
    }

    /// <summary>Each command's event's sequence number (mt_events.seq_id), in the order of <paramref name="commands"/>.</summary>
    private static async Task<long[]> SequencesAsync(
        BenchContext bench, IDocumentStore store, IReadOnlyList<(Guid Stream, long Version, long At)> commands, CancellationToken cancellationToken)
    {
        await using var query = bench.Database.CreateCommand($"""
            select e.seq_id from unnest($1, $2) with ordinality as c(stream_id, version, n)
            left join {store.Options.Events.DatabaseSchemaName}.mt_events e on e.stream_id = c.stream_id and e.version = c.version
            order by c.n
            """);
        query.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]> { TypedValue = [.. commands.Select(c => c.Stream)] });
        query.Parameters.Add(new Npgsql.NpgsqlParameter<long[]> { TypedValue = [.. commands.Select(c => c.Version)] });
        var sequences = new List<long>(commands.Count);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sequences.Add(reader.IsDBNull(0)
                ? throw new InvalidOperationException($"A command was answered with version {commands[sequences.Count].Version} of {commands[sequences.Count].Stream}, and the store has no such event.")
                : reader.GetInt64(0));
        }

        return [.. sequences];
    }

    /// <summary>
    /// The least sequence all async projections have applied, read every <see cref="PollEvery"/>, with when it was read
    /// (after the read: a lag is never understated by the read's own time).
    /// </summary>
    private sealed class ProgressSamples(IDocumentStore store)
    {
        private readonly string[] _shards = [.. DashboardProjections.Rebuildable.Select(DashboardProjections.ShardOf)];
        private readonly List<(long At, long Reached)> _samples = [];
        private long _until = long.MaxValue;

        /// <summary>Reads until every projection has reached <see cref="StopAt"/>'s sequence.</summary>
        public async Task PollAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            var reached = 0L;
            while (reached < Volatile.Read(ref _until))
            {
                var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
                var at = Stopwatch.GetTimestamp();
                var least = _shards.Min(shard => progress.FirstOrDefault(p => p.ShardName == shard)?.Sequence ?? 0);
                reached = Math.Max(reached, least); // never back: a sample is an upper bound on when that sequence was applied
                lock (_samples)
                {
                    _samples.Add((at, reached));
                }

                await Task.Delay(PollEvery, cancellationToken);
            }
        }

        public void StopAt(long sequence) => Volatile.Write(ref _until, sequence);

        /// <summary>The first read at which every projection had applied <paramref name="sequence"/>, or null.</summary>
        public long? ReachedAt(long sequence)
        {
            lock (_samples)
            {
                var (low, high) = (0, _samples.Count);
                while (low < high)
                {
                    var middle = (low + high) / 2;
                    (low, high) = _samples[middle].Reached >= sequence ? (low, middle) : (middle + 1, high);
                }

                return low < _samples.Count ? _samples[low].At : null;
            }
        }
    }
}
