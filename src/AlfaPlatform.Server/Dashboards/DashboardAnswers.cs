using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Dashboard answers kept by this gateway for as long as their projection stands still. A projection's tables change
/// only in the daemon's batches, each of which also moves the projection's sequence in the same transaction, so an
/// answer read at one sequence stays true until the sequence moves or a rebuild starts. <see cref="DashboardChanges"/>
/// tells this class where each projection stands (every <see cref="DashboardSettings.ChangePollInterval"/>); a read
/// at that position is answered from memory, without waiting for the database behind the write load (issue 16's P4).
/// </summary>
/// <remarks>
/// Only a dashboard whose figures come from its own projection alone may be kept: not one that also reads records'
/// current names (which change without its projection moving), personal data (an erasure rewrites it), or the clock
/// (what is overdue or upcoming changes as time passes). A kept answer is as fresh as this gateway's view of its
/// projection, at most one poll behind the database, and says so: its <see cref="Freshness"/> is that view's.
/// </remarks>
public sealed class DashboardAnswers(TimeProvider clock, IOptions<DashboardSettings> settings)
{
    /// <summary>Answers kept per projection position: the distinct days and audiences asked about, which is few.</summary>
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<string, View> _views = new();

    /// <summary>Four polls missed, and at least two seconds: a busy node's poll may be late without its database being away.</summary>
    private TimeSpan StaleAfter => TimeSpan.FromTicks(Math.Max(settings.Value.ChangePollInterval.Ticks * 4, TimeSpan.FromSeconds(2).Ticks));

    /// <summary>
    /// Where a projection stands, as this gateway's poll read it. Answers kept at an earlier position are dropped when
    /// the sequence moves, a rebuild starts or ends, or a new rebuild was asked for since (one may run between polls).
    /// </summary>
    public void Observe(Freshness freshness, DateTimeOffset? rebuildAskedAt)
    {
        _views.AddOrUpdate(freshness.Projection,
            _ => new View(freshness, rebuildAskedAt, new ConcurrentDictionary<object, object>()),
            (_, was) => new View(freshness, rebuildAskedAt,
                was.Freshness.Sequence == freshness.Sequence && was.Freshness.Rebuilding == freshness.Rebuilding && was.RebuildAskedAt == rebuildAskedAt
                    ? was.Answers
                    : new ConcurrentDictionary<object, object>()));
    }

    /// <summary>
    /// The answer kept for <paramref name="key"/> at the projection's current position, with the freshness of this
    /// gateway's last look; otherwise <paramref name="read"/>'s, kept when it was read at that position.
    /// </summary>
    public async ValueTask<DashboardAnswer<T>> ReadAsync<T>(string projection, object key, Func<ValueTask<DashboardAnswer<T>>> read)
    {
        // No view (a node without the change poller), a view the poller has not renewed lately (the database away, or
        // the poller starved), or a rebuild running (figures partial and moving): read the database every time.
        if (!_views.TryGetValue(projection, out var view) || view.Freshness.Rebuilding || clock.GetUtcNow() - view.Freshness.CheckedAt > StaleAfter)
        {
            return await read();
        }

        if (view.Answers.TryGetValue(key, out var kept))
        {
            return (DashboardAnswer<T>)kept with { Freshness = view.Freshness };
        }

        var answer = await read();
        if (answer.Freshness.Sequence == view.Freshness.Sequence && !answer.Freshness.Rebuilding && view.Answers.Count < Capacity)
        {
            view.Answers.TryAdd(key, answer);
        }

        return answer;
    }

    private sealed record View(Freshness Freshness, DateTimeOffset? RebuildAskedAt, ConcurrentDictionary<object, object> Answers);
}
