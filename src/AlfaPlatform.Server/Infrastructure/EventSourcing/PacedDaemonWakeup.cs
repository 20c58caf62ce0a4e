using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Events.Daemon.HighWater;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Wakes the projection daemon when events are committed (PostgreSQL's LISTEN/NOTIFY, as Marten's own wake-up), but
/// at most once per interval. Woken by every commit, each projection reads, applies and commits a few events at a
/// time under a steady write load, and pays a query, a transaction and a progress row for each handful: the daemon
/// then took about as much of a node's CPU as the commands whose events it projected. Paced, a batch holds what an
/// interval brought, and a change still reaches the dashboards within the interval and one batch (docs/performance.md).
/// </summary>
public sealed class PacedDaemonWakeup(IDaemonWakeup commits, TimeSpan interval, TimeProvider clock) : IDaemonWakeup
{
    /// <summary>The pace by default (<c>Projections:WakeInterval</c>).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    private long _lastWake = clock.GetTimestamp();

    /// <summary>The daemon's settings: the notification channel Marten's wake-up listens on, and the pace.</summary>
    public static void Configure(StoreOptions options, NpgsqlDataSource dataSource, ILogger logger, TimeSpan interval)
    {
        // Marten's flag would replace this wake-up with its own when the daemon starts: the notifications it queues
        // with every session's append are queued by NotifyOnAppend instead (the event store's rows send their own).
        options.Events.UseListenNotifyForEventAppends = false;
        options.Listeners.Add(new NotifyOnAppend());
        options.Projections.Wakeup = new PacedDaemonWakeup(new PostgresqlListenWakeup(dataSource, logger), interval, TimeProvider.System);
    }

    /// <summary>The statement that wakes the daemon, sent in the transaction that appends.</summary>
    public static string Notify { get; } = $"select pg_notify('{PostgresqlListenWakeup.DefaultChannel}', '')";

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        await commits.WaitAsync(timeout, token);
        var since = clock.GetElapsedTime(Interlocked.Read(ref _lastWake));
        if (since < interval)
        {
            await Task.Delay(interval - since, clock, token); // what commits meanwhile joins this batch
        }

        Interlocked.Exchange(ref _lastWake, clock.GetTimestamp());
    }

    public void Dispose() => commits.Dispose();

    /// <summary>A Marten session that appends events wakes the daemon when it commits.</summary>
    private sealed class NotifyOnAppend : DocumentSessionListenerBase
    {
        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (session.PendingChanges.Streams().Any())
            {
                session.QueueSqlCommand(Notify);
            }

            return Task.CompletedTask;
        }
    }
}
