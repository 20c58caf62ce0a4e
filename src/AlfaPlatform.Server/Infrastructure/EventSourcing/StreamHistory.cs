using System.Linq.Expressions;
using System.Text.Json;
using AlfaPlatform.Domain.Common;
using Marten;
using Marten.Linq;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// The read side every feature shares: a record "as of" a date and its full history, both folded from the stream
/// itself (or, as of a day after its last change, the record itself), so they answer for any past date without
/// snapshots taken in advance.
/// </summary>
public static class StreamHistory
{
    /// <summary>"As of a date" means as the record stood at the end of that day, UTC (its last tick: no day after is needed, so 9999-12-31 has one too).</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);

    /// <summary>
    /// The record as it stood at the end of <paramref name="asOf"/>: the record itself when none of its events came
    /// later (<see cref="StreamRecord{TState}.StoodAsItIsOn"/>), else the day it stood so when its kind keeps its days
    /// (<see cref="RecordDays"/>), else the fold of its events known by then.
    /// </summary>
    public static async Task<StreamRecord<TState>?> AsOfAsync<TState>(
        IQuerySession session, Guid id, DateOnly asOf, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        var record = await session.LoadAsync<StreamRecord<TState>>(id, cancellationToken);
        if (record is not null && record.StoodAsItIsOn(asOf))
        {
            return record;
        }

        if (record is not null && !record.ExistedOn(asOf))
        {
            return null;
        }

        if (record is not null && (await RecordDays.ReadAsync<TState>(session, [id], asOf, cancellationToken)) is [var day])
        {
            return day;
        }

        var events = await session.Events.FetchStreamAsync(id, timestamp: EndOfDay(asOf), token: cancellationToken);
        return StreamRecord<TState>.Fold(id, events);
    }

    /// <summary>Many records as of a date, as <see cref="AsOfAsync{TState}(IQuerySession, Guid, DateOnly, CancellationToken)"/> answers one.</summary>
    public static async Task<IReadOnlyList<StreamRecord<TState>>> AsOfAsync<TState>(
        IQuerySession session, IReadOnlyCollection<Guid> ids, DateOnly asOf, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var records = await session.LoadManyAsync<StreamRecord<TState>>(cancellationToken, ids);
        return await AsTheyStoodAsync(session, records, ids, asOf, cancellationToken);
    }

    /// <summary>
    /// Every record of a kind as of a date. Records are never deleted, so every stream that might have existed then
    /// has a record now; those created after the day are left out in SQL (their fold would start after it). Those none
    /// of whose events came after the day are read as they are; only the others, the records changed since, are read
    /// from the days they stood so (<see cref="RecordDays"/>) or folded from their events: a list as of a recent day
    /// costs about what the list of today does, and one as of a day long past grows with what existed then and
    /// changed since, not with what was created after it (docs/performance.md, P6c and P6d).
    /// </summary>
    /// <param name="matchingNow">
    /// A condition on the records as they are now: only theirs are read (null: every record of the kind). On what a
    /// record never changes (its id, a team's organisation, a request's partner company) a record met it then if and
    /// only if it meets it now, so an organisation's teams fold those teams alone, not every team of the network; or a
    /// rule about the record as it is today (the meetings a member may see now).
    /// </param>
    public static async Task<IReadOnlyList<StreamRecord<TState>>> AllAsOfAsync<TState>(
        IQuerySession session, DateOnly asOf, Expression<Func<StreamRecord<TState>, bool>>? matchingNow, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        // Every record read whole, in one statement, and sorted in memory, for the lists that show them all: those to
        // fold are read for nothing, where the lists that page split them in SQL (PageAsOfAsync, docs/performance.md, P6c).
        var current = await ExistingOn(session, asOf, matchingNow).ToListAsync(cancellationToken);
        return await AsTheyStoodAsync(session, current, [.. current.Select(r => r.Id)], asOf, cancellationToken);
    }

    /// <summary>
    /// One page of a list, live or as of a date, filtered and ordered as <paramref name="listing"/> says, and how many records
    /// the whole list holds. Those none of whose events came after the day stood then as they are: they are filtered,
    /// ordered, counted and paged in SQL, as the live list is. Only the others, the records changed since the day (few
    /// as of a recent one) or of no known instant, are read as they stood (<see cref="AllAsOfAsync{TState}"/>'s way),
    /// filtered in memory and merged in by the same order: a list as of today costs what the live one does, not a
    /// read of every record of its kind (docs/performance.md, P6c).
    /// </summary>
    /// <param name="asOf">The day, or null for the list as it is now (its page read by <see cref="RecordListing{TState}.PageAsync"/> alone).</param>
    /// <param name="counted">Whether to count the whole list (<see cref="RecordListing{TState}.PageAsync"/>).</param>
    public static async Task<(IReadOnlyList<StreamRecord<TState>> Page, long? Total)> PageAsOfAsync<TState>(
        IQuerySession session, DateOnly? asOf, RecordListing<TState> listing, int skip, int take, bool counted, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        if (asOf is not { } day)
        {
            return await listing.PageAsync(session.Query<StreamRecord<TState>>, skip, take, counted, cancellationToken);
        }

        var end = EndOfDay(day);
        // A query of its own for each statement (RecordListing.PageAsync).
        IQueryable<StreamRecord<TState>> Existing() => ExistingOn(session, day, listing.MatchingNow);

        // Neither side reads the records' JSON to split them: the latest instant has a column of its own.
        var changedNow = await Existing().Where(r => r.LatestEventAt == null || r.LatestEventAt > end).ToListAsync(cancellationToken);
        var changed = (await AsTheyStoodAsync(session, changedNow, [.. changedNow.Select(r => r.Id)], day, cancellationToken))
            .Where(listing.Matches)
            .Order(Comparer<StreamRecord<TState>>.Create(listing.Compare))
            .ToList();
        IQueryable<StreamRecord<TState>> Unchanged() => Existing().Where(r => r.LatestEventAt <= end);
        if (changed.Count == 0)
        {
            return await listing.PageAsync(Unchanged, skip, take, counted, cancellationToken);
        }

        // The page's place among both needs the first skip + take of the unchanged ones, whatever the changed ones' share.
        var (first, total) = await listing.PageAsync(Unchanged, 0, skip + take, counted, cancellationToken);
        return ([.. Merge(first, changed, listing.Compare).Skip(skip).Take(take)], total + changed.Count);
    }

    /// <summary>
    /// The records of a kind that may have existed at the end of <paramref name="asOf"/> and match
    /// <paramref name="matchingNow"/>. Those created after the day are left out in SQL, as
    /// <see cref="StreamRecord{TState}.ExistedOn"/> would in memory, only as of a day before today, when there can be
    /// any: the condition reads the records' first instant from its own column, through its index when few match (ADR
    /// 0004's third amendment); read out of their JSON, it cost a list as of today a quarter more for nothing (P6c). The
    /// answer is the same either way (such a record folds to none), so the machine's clock only chooses the cost.
    /// </summary>
    private static IQueryable<StreamRecord<TState>> ExistingOn<TState>(
        IQuerySession session, DateOnly asOf, Expression<Func<StreamRecord<TState>, bool>>? matchingNow)
        where TState : class, IEventSourced<TState>
    {
        var end = EndOfDay(asOf);
        var all = session.Query<StreamRecord<TState>>();
        var existing = end < DateTimeOffset.UtcNow ? all.Where(r => r.CreatedAt <= end) : all;
        return matchingNow is null ? existing : existing.Where(matchingNow);
    }

    private static IEnumerable<T> Merge<T>(IReadOnlyList<T> left, IReadOnlyList<T> right, Comparison<T> compare)
    {
        var (l, r) = (0, 0);
        while (l < left.Count || r < right.Count)
        {
            yield return r == right.Count || (l < left.Count && compare(left[l], right[r]) <= 0) ? left[l++] : right[r++];
        }
    }

    /// <summary>
    /// The records of <paramref name="ids"/> as of a date: those of <paramref name="current"/> that stood then as they
    /// stand now as they are, every other id folded from its events up to the day, read in one statement with only what
    /// the fold reads of them (a fetch per stream was a statement per record, each through Marten's event query).
    /// </summary>
    private static async Task<IReadOnlyList<StreamRecord<TState>>> AsTheyStoodAsync<TState>(
        IQuerySession session, IEnumerable<StreamRecord<TState>> current, IEnumerable<Guid> ids, DateOnly asOf, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        var unchanged = current.Where(r => r.StoodAsItIsOn(asOf)).ToList();
        var read = unchanged.Select(r => r.Id).ToHashSet();
        read.UnionWith(current.Where(r => !r.ExistedOn(asOf)).Select(r => r.Id)); // created since: none then, nothing to fold
        var changedSince = ids.Distinct().Where(id => !read.Contains(id)).ToList();
        var pastDays = await RecordDays.ReadAsync<TState>(session, changedSince, asOf, cancellationToken);
        read.UnionWith(pastDays.Select(r => r.Id));
        unchanged.AddRange(pastDays);
        var toFold = changedSince.Where(id => !read.Contains(id)).ToList();
        if (toFold.Count == 0)
        {
            return unchanged;
        }

        var events = await new StoredEventReader(session.DocumentStore, TState.EventTypes).ReadStreamsAsync(session, toFold, EndOfDay(asOf), cancellationToken);
        return [.. unchanged, .. events.GroupBy(e => e.StreamId).Select(stream => StreamRecord<TState>.Fold(stream.Key, stream)).OfType<StreamRecord<TState>>()];
    }

    /// <summary>
    /// Every change of one record, oldest first: who, when, through which request, and which fields it changed
    /// (found by comparing the state before and after each event, so no feature writes its own change log).
    /// </summary>
    public static async Task<IReadOnlyList<HistoryEntry>?> HistoryAsync<TState>(
        IQuerySession session, Guid id, JsonSerializerOptions json, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0 || !EventSourced.IsStreamOf<TState>(events.Select(e => e.Data)))
        {
            return null;
        }

        var entries = new List<HistoryEntry>(events.Count);
        TState? state = null;
        var before = JsonSerializer.SerializeToElement<TState?>(state, json);
        foreach (var e in events)
        {
            state = TState.Evolve(state, e.Data);
            var after = JsonSerializer.SerializeToElement(state, json);
            entries.Add(new HistoryEntry(
                e.Version,
                e.Timestamp,
                e.Data.GetType().Name,
                e.GetHeader(EventStore.ActorHeader)?.ToString() ?? e.UserName,
                e.GetHeader(EventStore.ActorNameHeader)?.ToString(),
                e.GetHeader(EventStore.RoleHeader)?.ToString(),
                e.CorrelationId,
                e.CausationId,
                Changes(before, after),
                JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), json)));
            before = after;
        }

        return entries;
    }

    private static List<FieldChange> Changes(JsonElement before, JsonElement after)
    {
        var old = before.ValueKind == JsonValueKind.Object
            ? before.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : [];
        var changes = new List<FieldChange>();
        foreach (var property in after.EnumerateObject())
        {
            var had = old.TryGetValue(property.Name, out var previous);
            var changed = had
                ? !JsonElement.DeepEquals(previous, property.Value)
                : property.Value.ValueKind != JsonValueKind.Null;
            if (changed)
            {
                changes.Add(new FieldChange(property.Name, had ? previous : null, property.Value));
            }
        }

        return changes;
    }
}

public sealed record HistoryEntry(
    long Version,
    DateTimeOffset At,
    string Event,
    string? Actor,
    string? ActorName,
    string? Role,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyList<FieldChange> Changes,
    JsonElement Data);

public sealed record FieldChange(string Field, JsonElement? Before, JsonElement After);
