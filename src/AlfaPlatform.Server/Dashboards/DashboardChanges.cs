using System.Collections.Concurrent;
using System.Threading.Channels;
using AlfaPlatform.Server.Dashboards.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Tells open dashboards when their projections advance. Each gateway watches the daemon's progress in the database
/// (the store's newest event, every projection's progress and the rebuilds' documents, three small reads per
/// <see cref="DashboardSettings.ChangePollInterval"/>, whichever node runs the daemon), tells <see cref="DashboardAnswers"/>
/// where each projection stands, then pushes a <see cref="DashboardChange"/> to every open
/// <c>/api/dashboards/changes</c> stream of this node: clients never poll, and no node needs to be told by another.
/// </summary>
public sealed partial class DashboardChanges(
    IDocumentStore store, DashboardAnswers answers, TimeProvider clock, IOptions<DashboardSettings> settings, ILogger<DashboardChanges> logger)
    : BackgroundService, IDashboardChanges
{
    private readonly ConcurrentDictionary<Guid, Channel<DashboardChange>> _listeners = new();
    private Dictionary<string, (long Sequence, bool Rebuilding)> _last = [];

    /// <summary>The state every new listener starts from: each projection's sequence.</summary>
    public IReadOnlyList<DashboardChange> Current =>
        [.. _last.Select(p => new DashboardChange(p.Key, DashboardProjections.Feeds[p.Key], p.Value.Sequence, p.Value.Rebuilding))];

    /// <summary>Changes from now on, until <paramref name="cancellationToken"/> ends the listening.</summary>
    public async IAsyncEnumerable<DashboardChange> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<DashboardChange>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners[id] = channel;
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            _listeners.TryRemove(id, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ChangePollInterval);
        do
        {
            try
            {
                await WatchOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogWatchFailed(logger, e); // the database may be briefly away: keep watching
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        // The store's newest event first: a projection read after it may be past it, never behind what it says.
        await using var session = store.QuerySession();
        var newest = await EventSequence.NewestAsync(session, cancellationToken);
        var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
        var rebuilds = (await session.Query<ProjectionRebuild>().ToListAsync(cancellationToken)).ToDictionary(r => r.Id);
        var checkedAt = clock.GetUtcNow();
        var now = new Dictionary<string, (long, bool)>();
        foreach (var projection in DashboardProjections.All)
        {
            var shard = DashboardProjections.ShardOf(projection);
            var rebuild = rebuilds.GetValueOrDefault(projection);
            var state = (Sequence: progress.FirstOrDefault(p => p.ShardName == shard)?.Sequence ?? 0, Rebuilding: rebuild?.Running ?? false);
            now[projection] = state;
            // Kept answers follow the view before any listener is told: a dashboard read because of a change sees it.
            answers.Observe(new Freshness(projection, state.Sequence, Math.Max(newest, state.Sequence), checkedAt, state.Rebuilding), rebuild?.StartedAt);
        }

        var before = _last;
        _last = now;
        foreach (var (projection, state) in now)
        {
            if (before.TryGetValue(projection, out var was) && was == state)
            {
                continue;
            }

            var change = new DashboardChange(projection, DashboardProjections.Feeds[projection], state.Item1, state.Item2);
            foreach (var listener in _listeners.Values)
            {
                listener.Writer.TryWrite(change);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the dashboards' projection progress")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
