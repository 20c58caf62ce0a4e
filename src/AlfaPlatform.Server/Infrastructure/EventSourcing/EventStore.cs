using System.Diagnostics;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using UniqueKey = AlfaPlatform.Domain.Common.UniqueKey;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// The one path by which grains read and append their streams. Every append states the version it expects,
/// writes who/why metadata, claims or frees unique values and records the command's Idempotency-Key, all in the same
/// transaction.
/// </summary>
public sealed class EventStore : IAsyncDisposable
{
    private readonly IDocumentStore store;
    private readonly IdempotentWrites idempotentWrites;
    private readonly TimeProvider clock;
    private readonly EventRows rows;
    private readonly GroupCommit _group;

    public EventStore(IDocumentStore store, IdempotentWrites idempotentWrites, TimeProvider clock, EventRows rows)
    {
        (this.store, this.idempotentWrites, this.clock, this.rows) = (store, idempotentWrites, clock, rows);
        _group = new GroupCommit(CommitGroupAsync);
    }

    /// <summary>Commits what is queued, then stops: every queued append learns its outcome.</summary>
    public ValueTask DisposeAsync() => _group.DisposeAsync();

    public const string ActorHeader = "actor";
    public const string ActorNameHeader = "actor_name";
    public const string RoleHeader = "role";

    /// <summary>Added to every event an erasure's masking rewrote (ADR 0008): when it was masked.</summary>
    public const string MaskedHeader = "masked";

    /// <summary>
    /// The stream's state: its record when the record stands at the stream's version (it is written in the transaction
    /// of every append, so it is the fold of the events, kept), else the fold of the events. A grain's activation reads
    /// one row however long its stream, not every event.
    /// </summary>
    public async Task<LoadedState<TState>> LoadAsync<TState>(Guid streamId, CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState>
    {
        await using var session = store.QuerySession();
        var batch = session.CreateBatchQuery();
        var kept = batch.Load<StreamRecord<TState>>(streamId);
        var head = batch.Events.FetchStreamState(streamId);
        await batch.Execute(cancellationToken);
        // A record stored before it kept its latest instant is folded once more, so that the grain's next append writes it.
        if (await kept is { LatestEventAt: not null } record && (await head)?.Version == record.Version)
        {
            return new LoadedState<TState>(record.State, record.Version, BelongsElsewhere: false) { Record = record };
        }

        var stream = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        var events = stream.Select(e => e.Data).ToList();
        var version = stream.Count == 0 ? 0 : stream[^1].Version;
        return EventSourced.IsStreamOf<TState>(events)
            ? new LoadedState<TState>(EventSourced.Fold<TState>(events), version, BelongsElsewhere: false) { Record = StreamRecord<TState>.Fold(streamId, stream) }
            : new LoadedState<TState>(null, version, BelongsElsewhere: true);
    }

    /// <summary>
    /// Appends <paramref name="events"/> to a stream at <paramref name="expectedVersion"/> and returns the new version.
    /// </summary>
    /// <exception cref="StreamVersionConflictException">Someone else appended first: nothing was written.</exception>
    /// <exception cref="UniqueKeyTakenException">A value the new state claims belongs to another record: nothing was written.</exception>
    public Task<long> AppendAsync<TState>(
        Guid streamId,
        long expectedVersion,
        IReadOnlyList<object> events,
        TState? before,
        TState after,
        CommandContext context,
        CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState> =>
        AppendAsync([StreamWrite.Of(streamId, expectedVersion, events, before, after)], context, cancellationToken);

    /// <summary>
    /// Appends to several streams in one transaction, all or nothing, and returns the first stream's new version. The
    /// first stream is the one whose grain decided the change: it alone records the command's Idempotency-Key, and its
    /// grain answers a retry. The others are streams the change starts (the people a roster import registers).
    /// </summary>
    /// <remarks>
    /// Marten answers every failed save that holds events with a tombstone row in mt_events for each event (written by a
    /// session of its own, so it stays). So nothing that can be refused is left to the save of the events: in one
    /// transaction the deciding stream is locked and its version checked, the streams to start are checked to be new,
    /// then the unique values are claimed in a save without events, and only then are the events saved. A refusal
    /// leaves no row behind.
    /// </remarks>
    /// <exception cref="StreamVersionConflictException">Someone else appended first to one of the streams: nothing was written.</exception>
    /// <exception cref="UniqueKeyTakenException">A value a new state claims belongs to another record: nothing was written.</exception>
    public async Task<long> AppendAsync(IReadOnlyList<StreamWrite> writes, CommandContext context, CancellationToken cancellationToken = default) =>
        (await AppendEventsAsync(writes, context, cancellationToken)).Version;

    /// <summary>
    /// As <see cref="AppendAsync(IReadOnlyList{StreamWrite}, CommandContext, CancellationToken)"/>, answering the deciding
    /// stream's events as stored (version, timestamp), so its grain advances its record exactly as the inline read model did.
    /// The append shares a transaction with the others that arrive meanwhile (<see cref="GroupCommit"/>); its outcome is
    /// its own all the same.
    /// </summary>
    public Task<Appended> AppendEventsAsync(IReadOnlyList<StreamWrite> writes, CommandContext context, CancellationToken cancellationToken = default)
    {
        if (writes.Skip(1).FirstOrDefault(w => w.ExpectedVersion != 0) is { } other)
        {
            throw new ArgumentException($"Stream {other.StreamId}: only the deciding stream may exist already; the others are started.", nameof(writes));
        }

        // Not passed on: once queued, the append runs to an outcome its caller learns.
        cancellationToken.ThrowIfCancellationRequested();
        return _group.AppendAsync(writes, [new CommandShare(context, writes[0].Events.Count)]);
    }

    /// <summary>
    /// Appends the events of several commands a grain decided one after the other to its stream, in one transaction: all
    /// or nothing, as one append. Each command's events carry its own metadata, and its Idempotency-Key record names the
    /// version after its own events, so a retry of any one of them is answered as done.
    /// </summary>
    /// <param name="commands">Whose <paramref name="write"/>'s events are, in order; their counts add up to the events.</param>
    public Task<Appended> AppendBatchAsync(StreamWrite write, IReadOnlyList<CommandShare> commands)
    {
        if (commands.Count == 0 || commands.Any(c => c.Events <= 0) || commands.Sum(c => c.Events) != write.Events.Count)
        {
            throw new ArgumentException($"Stream {write.StreamId}: each command of a batch owns at least one event, and they own all {write.Events.Count}.", nameof(commands));
        }

        return _group.AppendAsync([write], commands);
    }

    /// <summary>
    /// Commits a group in one transaction: every stream locked and its version read in one statement, each append checked
    /// against them (and against the group's earlier appends), the accepted ones saved together. What the group cannot
    /// decide (a stream twice in it, a value one append frees and another claims) runs alone after it, as does the whole
    /// group when its transaction fails before the commit (a race its checks could not see, a lost connection): then
    /// each append meets only its own outcome. Never throws: every append's outcome is set.
    /// </summary>
    private async Task CommitGroupAsync(IReadOnlyList<PendingAppend> group)
    {
        using var activity = AlfaTelemetry.Source.StartActivity(
            ActivityKind.Internal, group[0].Trace ?? default, [new("alfa.group_commit.appends", group.Count)],
            [.. group.Skip(1).Where(p => p.Trace is not null).Select(p => new ActivityLink(p.Trace!.Value))], name: "event_store.group_commit");
        IReadOnlyList<PendingAppend> alone = group;
        if (group.Count > 1)
        {
            try
            {
                await using var unit = await RefusableWrites.BeginAsync(store, CancellationToken.None);
                alone = await unit.RunAsync(() => AppendGroupInAsync(unit, group));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                activity?.AddEvent(new ActivityEvent("group_commit_failed", tags: new() { ["exception.type"] = e.GetType().FullName }));
                alone = [.. group.Where(p => !p.Outcome.Task.IsCompleted)];
            }
        }

        foreach (var pending in alone)
        {
            try
            {
                await using var unit = await RefusableWrites.BeginAsync(store, CancellationToken.None);
                pending.Outcome.TrySetResult(await unit.RunAsync(() => AppendAloneInAsync(unit, pending, CancellationToken.None)));
            }
            catch (Exception e)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// The group's transaction: refuses the appends whose streams moved or whose values are taken, saves the others and
    /// commits. Returns the appends left to run alone. A failure of the commit itself leaves the accepted appends'
    /// outcome unknown: they fail with it, as a lone append's would, and are not run again.
    /// </summary>
    private async Task<IReadOnlyList<PendingAppend>> AppendGroupInAsync(RefusableWrites unit, IReadOnlyList<PendingAppend> group)
    {
        var cancellationToken = CancellationToken.None;
        var session = unit.Session;
        var versions = await LockStreamsAsync(unit, [.. group.SelectMany(p => p.Writes).Select(w => w.StreamId).Distinct()], cancellationToken);
        var later = new List<PendingAppend>();
        var written = new HashSet<Guid>();
        var candidates = new List<(PendingAppend Pending, List<UniqueKeyClaim> Claims, List<string> Released)>();
        foreach (var pending in group)
        {
            if (pending.Writes.Any(w => written.Contains(w.StreamId)))
            {
                later.Add(pending); // the stream moves in this group: the append decides against its new version, after it
                continue;
            }

            foreach (var write in pending.Writes)
            {
                written.Add(write.StreamId);
            }

            var decider = pending.Decider;
            if (versions.GetValueOrDefault(decider.StreamId) != decider.ExpectedVersion)
            {
                pending.Outcome.TrySetException(VersionConflict(decider.StreamId, decider.ExpectedVersion, inner: null));
            }
            else if (pending.Writes.Skip(1).FirstOrDefault(w => versions.ContainsKey(w.StreamId)) is { } taken)
            {
                pending.Outcome.TrySetException(VersionConflict(taken.StreamId, 0, inner: null));
            }
            else
            {
                var changes = pending.Writes.Select(ClaimChanges).ToList();
                var claims = changes.SelectMany(c => c.Claims).ToList();
                if (claims.GroupBy(c => c.Id).FirstOrDefault(same => same.Count() > 1) is { } twice)
                {
                    pending.Outcome.TrySetException(new UniqueKeyTakenException(new UniqueKey(twice.First().Scope, twice.First().Value)));
                }
                else
                {
                    candidates.Add((pending, claims, [.. changes.SelectMany(c => c.Released)]));
                }
            }
        }

        var wanted = candidates.SelectMany(c => c.Claims).Select(c => c.Id).Distinct().ToArray();
        var held = wanted.Length == 0 ? [] : (await session.LoadManyAsync<UniqueKeyClaim>(cancellationToken, wanted)).ToDictionary(c => c.Id);
        var released = candidates.SelectMany(c => c.Released).ToHashSet();
        var claimed = new HashSet<string>();
        var accepted = new List<PendingAppend>();
        foreach (var (pending, claims, frees) in candidates)
        {
            if (claims.FirstOrDefault(c => released.Contains(c.Id)) is not null)
            {
                later.Add(pending); // another append of the group frees the value: claim it once that has committed
            }
            else if (claims.FirstOrDefault(c => claimed.Contains(c.Id) || (held.TryGetValue(c.Id, out var holder) && holder.StreamId != c.StreamId)) is { } taken)
            {
                pending.Outcome.TrySetException(new UniqueKeyTakenException(new UniqueKey(taken.Scope, taken.Value)));
            }
            else
            {
                claimed.UnionWith(claims.Select(c => c.Id));
                foreach (var id in frees)
                {
                    session.Delete<UniqueKeyClaim>(id);
                }

                foreach (var claim in claims)
                {
                    session.Insert(claim);
                }

                accepted.Add(pending);
            }
        }

        if (accepted.Count == 0)
        {
            return later;
        }

        await unit.SaveAsync(cancellationToken); // the claims and releases, no events yet
        var decided = await StageAsync(unit, accepted, cancellationToken);
        await unit.SaveAsync(cancellationToken); // the events Marten writes: refused here, the group runs alone
        try
        {
            await unit.CommitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            foreach (var pending in accepted)
            {
                pending.Outcome.TrySetException(e); // committed or not, no one knows: as for a lone append, the caller is told
            }

            return later;
        }

        for (var i = 0; i < accepted.Count; i++)
        {
            accepted[i].Outcome.TrySetResult(new Appended(accepted[i].Decider.NewVersion, decided[i]));
        }

        return later;
    }

    /// <summary>
    /// Writes the appends' events, each stamped with who asked and through which request, and with one instant per
    /// append: as rows of their own (<see cref="EventRows"/>) where it can, else queued in the session for Marten (which
    /// runs the inline projections that read them); queues their idempotency records. Answers each append's deciding
    /// stream's events as stored.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<JasperFx.Events.IEvent>>> StageAsync(
        RefusableWrites unit, IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        var session = unit.Session;
        var raw = new List<(StreamWrite, IReadOnlyList<JasperFx.Events.IEvent>)>();
        var throughMarten = new List<(StreamWrite, IReadOnlyList<JasperFx.Events.IEvent>)>();
        var decided = new List<IReadOnlyList<JasperFx.Events.IEvent>>(appends.Count);
        foreach (var (writes, commands, _) in appends)
        {
            var decider = writes[0];
            var now = clock.GetUtcNow();
            // Whose each of the deciding stream's events is, and when: the command's metadata and instant. PostgreSQL
            // keeps microseconds: stamped that finely here, the inline record, the grain's record and a fold of the
            // stored events all carry the same instant (a finer one would be cut only in mt_events).
            var stamps = new List<EventStamp>(decider.Events.Count);
            var version = decider.ExpectedVersion;
            foreach (var (context, count) in commands)
            {
                version += count;
                IdempotentWrites.Record(session, context, decider.StreamId, version, now);
                stamps.AddRange(Enumerable.Repeat(new EventStamp(context, ToMicroseconds(context.RecordedAt ?? now)), count));
            }

            foreach (var write in writes)
            {
                // The streams a change starts alongside are the first command's.
                var stampOf = ReferenceEquals(write, decider) ? (Func<int, EventStamp>)(i => stamps[i]) : _ => stamps[0];
                IReadOnlyList<JasperFx.Events.IEvent> stored;
                if (rows.CanWrite(write))
                {
                    stored = rows.Build(write, stampOf);
                    raw.Add((write, stored));
                }
                else
                {
                    var action = write.ExpectedVersion == 0
                        ? session.Events.StartStream(write.StreamType, write.StreamId, write.Events)
                        : session.Events.Append(write.StreamId, write.NewVersion, write.Events);
                    for (var i = 0; i < action.Events.Count; i++)
                    {
                        var (context, at) = stampOf(i);
                        action.Events[i].Timestamp = at;
                        action.Events[i].Version = write.ExpectedVersion + i + 1; // as Marten numbers them: the past days read them
                        SessionMetadata.Stamp(action.Events[i], context);
                    }

                    stored = action.Events;
                    throughMarten.Add((write, stored));
                }

                if (ReferenceEquals(write, decider))
                {
                    decided.Add(stored);
                }
            }
        }

        await rows.WriteAsync(unit, raw, throughMarten, cancellationToken);
        return decided;
    }

    private async Task<Appended> AppendAloneInAsync(RefusableWrites unit, PendingAppend pending, CancellationToken cancellationToken)
    {
        var writes = pending.Writes;
        var decider = writes[0];
        var session = unit.Session;
        if (await LockStreamAsync(unit, decider.StreamId, cancellationToken) != decider.ExpectedVersion)
        {
            throw VersionConflict(decider.StreamId, decider.ExpectedVersion, inner: null);
        }

        if (writes.Count > 1 && await FirstExistingAsync(unit, writes.Skip(1).Select(w => w.StreamId), cancellationToken) is { } taken)
        {
            throw VersionConflict(taken, 0, inner: null);
        }

        var changes = writes.Select(ClaimChanges).ToList();
        var claims = changes.SelectMany(c => c.Claims).ToList();
        foreach (var released in changes.SelectMany(c => c.Released))
        {
            session.Delete<UniqueKeyClaim>(released);
        }

        if (claims.Count > 0)
        {
            // Answer the common case without a failed statement; the insert below stays the guard against a race.
            if (claims.GroupBy(c => c.Id).FirstOrDefault(same => same.Count() > 1) is { } twice)
            {
                throw new UniqueKeyTakenException(new UniqueKey(twice.First().Scope, twice.First().Value)); // two new records, one value
            }

            var claimedBy = claims.ToDictionary(c => c.Id, c => c.StreamId);
            var held = await session.LoadManyAsync<UniqueKeyClaim>(cancellationToken, claimedBy.Keys);
            if (held.FirstOrDefault(claim => claim.StreamId != claimedBy[claim.Id]) is { } elsewhere)
            {
                throw new UniqueKeyTakenException(new UniqueKey(elsewhere.Scope, elsewhere.Value));
            }

            foreach (var claim in claims)
            {
                session.Insert(claim);
            }
        }

        try
        {
            await unit.SaveAsync(cancellationToken); // the claims and releases, no events yet
        }
        catch (JasperFx.DocumentAlreadyExistsException e) when (claims.FirstOrDefault(c => Equals(c.Id, e.Id)) is { } claim)
        {
            throw new UniqueKeyTakenException(new UniqueKey(claim.Scope, claim.Value), e);
        }

        try
        {
            var decided = await StageAsync(unit, [pending], cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return new Appended(decider.NewVersion, decided[0]);
        }
        catch (Exception e) when (e is JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                                       or Marten.Exceptions.ExistingStreamIdCollisionException
                                       or JasperFx.Events.ExistingStreamIdCollisionException
                                       or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: "pkey_mt_streams_id" or "pk_mt_events_stream_and_version" })
        {
            throw VersionConflict(decider.StreamId, decider.ExpectedVersion, e); // a writer that bypassed this path (the lock above holds ours off)
        }
    }

    /// <summary>
    /// The versions of <paramref name="streamIds"/> that exist, every one of them held until the transaction ends: their
    /// advisory locks taken in one order (so two groups never wait on each other), then their rows.
    /// </summary>
    private async Task<Dictionary<Guid, long>> LockStreamsAsync(RefusableWrites unit, Guid[] streamIds, CancellationToken cancellationToken)
    {
        await using var command = unit.Connection.CreateCommand();
        command.CommandText = $"""
            select count(pg_advisory_xact_lock({StreamLockClass}, h)) from (select distinct hashtext(id::text) h from unnest(@ids) id order by 1) l;
            select id, version from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(@ids) order by id for update;
            """;
        command.Parameters.AddWithValue("ids", streamIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var versions = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>
    /// The stream's version, the stream held until the transaction ends: appends through this store take the stream's
    /// advisory lock (a stream not started yet has no row to lock), others wait on its row.
    /// </summary>
    private async Task<long> LockStreamAsync(RefusableWrites unit, Guid streamId, CancellationToken cancellationToken)
    {
        await using var command = unit.Connection.CreateCommand();
        command.CommandText = $"""
            select pg_advisory_xact_lock({StreamLockClass}, hashtext(@id::text));
            select version from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = @id for update;
            """;
        command.Parameters.AddWithValue("id", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : 0;
    }

    /// <summary>The first of <paramref name="streamIds"/> that exists already: streams a change starts must be new.</summary>
    private async Task<Guid?> FirstExistingAsync(RefusableWrites unit, IEnumerable<Guid> streamIds, CancellationToken cancellationToken)
    {
        await using var command = unit.Connection.CreateCommand();
        command.CommandText = $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(@ids) limit 1";
        command.Parameters.AddWithValue("ids", streamIds.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) is Guid existing ? existing : null;
    }

    private static DateTimeOffset ToMicroseconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % 10));

    /// <summary>The first key of the two-key advisory locks on streams ('alfa'), apart from Marten's one-key locks.</summary>
    private const int StreamLockClass = 0x616C6661;

    private static StreamVersionConflictException VersionConflict(Guid streamId, long expectedVersion, Exception? inner)
    {
        Activity.Current?.AddEvent(new ActivityEvent("stream_version_conflict"));
        return new StreamVersionConflictException(streamId, expectedVersion, inner);
    }

    /// <summary>What the command in <paramref name="context"/> already wrote to the stream, if it was sent with a key and did.</summary>
    public async Task<IdempotentWrite?> FindWriteAsync(Guid streamId, CommandContext context, CancellationToken cancellationToken = default)
    {
        if (context.Keyed is not { } keyed)
        {
            return null;
        }

        await using var session = store.QuerySession();
        return await idempotentWrites.FindAsync(session, keyed, streamId, cancellationToken);
    }

    /// <summary>The unique values <paramref name="write"/> claims anew and the ids of those it frees.</summary>
    private static (List<UniqueKeyClaim> Claims, List<string> Released) ClaimChanges(StreamWrite write)
    {
        var held = write.KeysBefore.ToDictionary(k => k.Normalised);
        var wanted = write.KeysAfter.ToDictionary(k => k.Normalised);
        return (
            [.. wanted.Where(k => !held.ContainsKey(k.Key)).Select(k => new UniqueKeyClaim(k.Key, k.Value.Scope, k.Value.Value, write.StreamId))],
            [.. held.Keys.Except(wanted.Keys)]);
    }
}

/// <summary>One stream's part of an append: the events, the version they follow, and the unique values held before and after.</summary>
public sealed record StreamWrite(
    Guid StreamId, Type StreamType, long ExpectedVersion, IReadOnlyList<object> Events, IReadOnlyList<UniqueKey> KeysBefore, IReadOnlyList<UniqueKey> KeysAfter)
{
    public long NewVersion => ExpectedVersion + Events.Count;

    /// <summary>
    /// The stream's record (<see cref="StreamRecord{TState}"/>) after the events as stored, when the record before them
    /// is known (a new stream has none): then the store writes the record itself, without reading it back; with the
    /// days it stood as it was before the events that came on a later day (<see cref="RecordDays"/>).
    /// </summary>
    public Func<IReadOnlyList<JasperFx.Events.IEvent>, RecordChange>? RecordAfter { get; init; }

    /// <summary>The day of the latest instant of the record before the events, when it is at hand and has one.</summary>
    public DateOnly? LatestDay { get; init; }

    /// <summary>
    /// The days the record stood as it was before <paramref name="stored"/> (<see cref="RecordChange.PastDays"/>), for a
    /// write whose record another path stores (Marten's inline projection): none, without advancing the record, unless
    /// an event is stamped on a day after the record's latest instant, as few are.
    /// </summary>
    public IReadOnlyList<RecordDay> PastDaysBefore(IReadOnlyList<JasperFx.Events.IEvent> stored) =>
        RecordAfter is not null && LatestDay is { } latest && stored.Any(e => RecordDays.DayOf(e.Timestamp) > latest)
            ? RecordAfter(stored).PastDays
            : [];

    /// <param name="record">The record as it stood before the events (the grain holds it), or null when not at hand.</param>
    public static StreamWrite Of<TState>(
        Guid streamId, long expectedVersion, IReadOnlyList<object> events, TState? before, TState after, StreamRecord<TState>? record = null)
        where TState : class, IEventSourced<TState> =>
        new(streamId, typeof(TState), expectedVersion, events, [.. TState.UniqueKeys(before)], [.. TState.UniqueKeys(after)])
        {
            RecordAfter = expectedVersion == 0 || record?.Version == expectedVersion
                ? stored =>
                {
                    var pastDays = new List<RecordDay>();
                    return new RecordChange(StreamRecord<TState>.AdvanceThrough(record, streamId, stored, pastDays), pastDays);
                }
                : null,
            LatestDay = record?.LatestEventAt is { } latest ? RecordDays.DayOf(latest) : null,
        };
}

/// <summary>A stream's record after an append, and the days it stood as it was before the append's events (<see cref="RecordDay"/>).</summary>
public sealed record RecordChange(object Record, IReadOnlyList<RecordDay> PastDays);

/// <param name="BelongsElsewhere">The id names a stream of another kind: this grain must neither read nor write it.</param>
public sealed record LoadedState<TState>(TState? State, long Version, bool BelongsElsewhere)
    where TState : class, IEventSourced<TState>
{
    /// <summary>The state with its version and times, as the inline read model holds it (null before the first event).</summary>
    public StreamRecord<TState>? Record { get; init; }
}

/// <summary>Who wrote an event and when: its command's metadata and instant.</summary>
public readonly record struct EventStamp(CommandContext Context, DateTimeOffset At);

/// <summary>What an append wrote to its deciding stream: the new version and the events as stored.</summary>
public sealed record Appended(long Version, IReadOnlyList<JasperFx.Events.IEvent> Events);

public static class SessionMetadata
{
    /// <summary>Who, in which role, through which request: written on one event (appends that share a session differ).</summary>
    public static void Stamp(JasperFx.Events.IEvent e, CommandContext context)
    {
        e.CorrelationId = context.CorrelationId;
        e.CausationId = context.CausationId;
        e.UserName = context.ActorId;
        foreach (var (name, value) in HeadersOf(context))
        {
            e.SetHeader(name, value);
        }
    }

    /// <summary>Who, in which role, through which request: written on every event the session appends.</summary>
    public static void Stamp(this IDocumentSession session, CommandContext context)
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.ActorId;
        foreach (var (name, value) in HeadersOf(context))
        {
            session.SetHeader(name, value);
        }
    }

    private static IEnumerable<(string Name, string Value)> HeadersOf(CommandContext context)
    {
        yield return (EventStore.ActorHeader, context.ActorId);
        if (context.ActorName is { } actorName)
        {
            yield return (EventStore.ActorNameHeader, actorName);
        }

        if (context.Role is { } role)
        {
            yield return (EventStore.RoleHeader, role);
        }
    }
}

public sealed class StreamVersionConflictException(Guid streamId, long expectedVersion, Exception? inner)
    : Exception($"Stream {streamId} moved past version {expectedVersion} before this append.", inner);

public sealed class UniqueKeyTakenException(UniqueKey key, Exception? inner = null)
    : Exception($"Another live record already holds {key.Scope} '{key.Value}'.", inner)
{
    public UniqueKey Key { get; } = key;
}
