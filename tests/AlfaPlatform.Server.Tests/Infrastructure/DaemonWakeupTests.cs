using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Fixtures;
using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Events.Daemon.HighWater;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The projection daemon is woken by commits, at most once per interval: a commit after a quiet spell wakes it at
/// once, one right after a wake waits out the interval; and every way the platform appends events sends the signal.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DaemonWakeupTests(PlatformFixture platform)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Commits as the daemon's wake-up sees them: each <see cref="Commit"/> ends the wait in progress.</summary>
    private sealed class Commits : IDaemonWakeup
    {
        private TaskCompletionSource _next = new(); // continuations inline: a commit has run the waiter on by the time Commit returns

        public bool Disposed { get; private set; }

        public Task WaitAsync(TimeSpan timeout, CancellationToken token) => (_next = new TaskCompletionSource()).Task;

        public void Commit() => _next.SetResult();

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task a_commit_after_a_quiet_spell_wakes_the_daemon_at_once_and_one_right_after_a_wake_waits_out_the_interval()
    {
        var clock = new FakeTimeProvider();
        var commits = new Commits();
        using var wakeup = new PacedDaemonWakeup(commits, Interval, clock);
        clock.Advance(TimeSpan.FromSeconds(5));

        var afterQuiet = wakeup.WaitAsync(Poll, CancellationToken.None);
        Assert.False(afterQuiet.IsCompleted);
        commits.Commit();
        Assert.True(afterQuiet.IsCompleted); // no time passed on the clock
        await afterQuiet;

        clock.Advance(TimeSpan.FromMilliseconds(30));
        var soonAfter = wakeup.WaitAsync(Poll, CancellationToken.None);
        commits.Commit();
        clock.Advance(TimeSpan.FromMilliseconds(69));
        Assert.False(soonAfter.IsCompleted); // 99 ms since the last wake
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await soonAfter.WaitAsync(TimeSpan.FromSeconds(10));

        clock.Advance(Interval);
        var later = wakeup.WaitAsync(Poll, CancellationToken.None);
        commits.Commit();
        Assert.True(later.IsCompleted);
    }

    [Fact]
    public void disposing_the_wakeup_disposes_the_listener_it_paces()
    {
        var commits = new Commits();

        new PacedDaemonWakeup(commits, Interval, new FakeTimeProvider()).Dispose();

        Assert.True(commits.Disposed);
    }

    [Fact]
    public async Task the_event_stores_group_commits_and_martens_own_sessions_both_signal_the_daemon_when_they_commit()
    {
        await using var database = NpgsqlDataSource.Create(platform.ConnectionString);
        await using var listener = await database.OpenConnectionAsync();
        var signals = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref signals);
        await using (var listen = new NpgsqlCommand($"listen {PostgresqlListenWakeup.DefaultChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        async Task SignalledAsync(string how, Func<Task> append)
        {
            var before = Volatile.Read(ref signals);
            await append();
            var within = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref signals) == before)
            {
                Assert.True(DateTime.UtcNow < within, $"No signal 30 s after an append by {how}.");
                await listener.WaitAsync(TimeSpan.FromSeconds(1)); // the daemon's own wake-up waits the same way
            }
        }

        static OrganisationRegistered Registered()
        {
            var id = Guid.NewGuid();
            return new OrganisationRegistered(id, "Wake-up", "WU" + id.ToString("N")[..8], OrganisationKind.ResearchTeam, null, "FR", [], null);
        }

        var store = platform.App.Services.GetRequiredService<EventStore>();
        await SignalledAsync("the event store", async () =>
        {
            var registered = Registered();
            await store.AppendAsync(registered.OrganisationId, 0, [registered], null, Organisation.Evolve(null, registered),
                new CommandContext("wake-up", "correlation-wake-up", "causation-wake-up", ActorName: "wake-up", Role: "staff"));
        });
        await SignalledAsync("a Marten session", async () =>
        {
            await using var session = platform.Store.LightweightSession();
            var registered = Registered();
            session.Events.StartStream<Organisation>(registered.OrganisationId, registered);
            await session.SaveChangesAsync();
        });
    }
}
