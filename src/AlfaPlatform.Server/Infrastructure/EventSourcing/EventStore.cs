using System.Diagnostics;
using AlfaPlatform.Domain.Common;
using UniqueKey = AlfaPlatform.Domain.Common.UniqueKey;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// The one path by which grains read and append their streams. Every append states the version it expects,
/// writes who/why metadata, claims or frees unique values and records the command's Idempotency-Key, all in the same
/// transaction.
/// </summary>
public sealed class EventStore(IDocumentStore store, IdempotentWrites idempotentWrites, TimeProvider clock)
{
    public const string ActorHeader = "actor";
    public const string ActorNameHeader = "actor_name";
    public const string RoleHeader = "role";

    public async Task<LoadedState<TState>> LoadAsync<TState>(Guid streamId, CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState>
    {
        await using var session = store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        var events = stream.Select(e => e.Data).ToList();
        var version = stream.Count == 0 ? 0 : stream[^1].Version;
        return EventSourced.IsStreamOf<TState>(events)
            ? new LoadedState<TState>(EventSourced.Fold<TState>(events), version, BelongsElsewhere: false)
            : new LoadedState<TState>(null, version, BelongsElsewhere: true);
    }

    /// <summary>
    /// Appends <paramref name="events"/> to a stream at <paramref name="expectedVersion"/> and returns the new version.
    /// </summary>
    /// <remarks>
    /// Marten answers every failed save that holds events with a tombstone row in mt_events for each event (written by a
    /// session of its own, so it stays). So nothing that can be refused is left to the save of the events: in one
    /// transaction the stream is locked and its version checked, then the unique values are claimed in a save without
    /// events, and only then are the events saved. A refusal leaves no row behind.
    /// </remarks>
    /// <exception cref="StreamVersionConflictException">Someone else appended first: nothing was written.</exception>
    /// <exception cref="UniqueKeyTakenException">A value the new state claims belongs to another record: nothing was written.</exception>
    public async Task<long> AppendAsync<TState>(
        Guid streamId,
        long expectedVersion,
        IReadOnlyList<object> events,
        TState? before,
        TState after,
        CommandContext context,
        CancellationToken cancellationToken = default)
        where TState : class, IEventSourced<TState>
    {
        await using var unit = await RefusableWrites.BeginAsync(store, cancellationToken);
        var session = unit.Session;
        session.Stamp(context);

        if (await LockStreamAsync(unit, streamId, cancellationToken) != expectedVersion)
        {
            throw VersionConflict(streamId, expectedVersion, inner: null);
        }

        var claims = ClaimChanges(streamId, TState.UniqueKeys(before), TState.UniqueKeys(after), session);
        if (claims.Count > 0)
        {
            // Answer the common case without a failed statement; the insert below stays the guard against a race.
            var taken = await session.LoadManyAsync<UniqueKeyClaim>(cancellationToken, claims.Select(c => c.Id));
            if (taken.FirstOrDefault(claim => claim.StreamId != streamId) is { } other)
            {
                throw new UniqueKeyTakenException(new UniqueKey(other.Scope, other.Value));
            }
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken); // the claims and releases, no events yet
        }
        catch (JasperFx.DocumentAlreadyExistsException e) when (claims.FirstOrDefault(c => Equals(c.Id, e.Id)) is { } taken)
        {
            throw new UniqueKeyTakenException(new UniqueKey(taken.Scope, taken.Value), e);
        }

        var newVersion = expectedVersion + events.Count;
        IdempotentWrites.Record(session, context, streamId, newVersion, clock.GetUtcNow());
        var action = expectedVersion == 0
            ? session.Events.StartStream<TState>(streamId, events)
            : session.Events.Append(streamId, newVersion, events);
        if (context.RecordedAt is { } recordedAt)
        {
            foreach (var e in action.Events)
            {
                e.Timestamp = recordedAt;
            }
        }

        try
        {
            await unit.CommitAsync(cancellationToken);
            return newVersion;
        }
        catch (Exception e) when (e is JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                                       or Marten.Exceptions.ExistingStreamIdCollisionException
                                       or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            throw VersionConflict(streamId, expectedVersion, e); // a writer that bypassed this path (the lock above holds ours off)
        }
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

    private static List<UniqueKeyClaim> ClaimChanges(
        Guid streamId, IEnumerable<UniqueKey> before, IEnumerable<UniqueKey> after, IDocumentSession session)
    {
        var held = before.ToDictionary(k => k.Normalised);
        var wanted = after.ToDictionary(k => k.Normalised);
        foreach (var released in held.Keys.Except(wanted.Keys))
        {
            session.Delete<UniqueKeyClaim>(released);
        }

        var claims = wanted.Where(k => !held.ContainsKey(k.Key))
            .Select(k => new UniqueKeyClaim(k.Key, k.Value.Scope, k.Value.Value, streamId))
            .ToList();
        foreach (var claim in claims)
        {
            session.Insert(claim);
        }

        return claims;
    }
}

/// <param name="BelongsElsewhere">The id names a stream of another kind: this grain must neither read nor write it.</param>
public sealed record LoadedState<TState>(TState? State, long Version, bool BelongsElsewhere);

public static class SessionMetadata
{
    /// <summary>Who, in which role, through which request: written on every event the session appends.</summary>
    public static void Stamp(this IDocumentSession session, CommandContext context)
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.ActorId;
        session.SetHeader(EventStore.ActorHeader, context.ActorId);
        if (context.ActorName is { } actorName)
        {
            session.SetHeader(EventStore.ActorNameHeader, actorName);
        }

        if (context.Role is { } role)
        {
            session.SetHeader(EventStore.RoleHeader, role);
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
