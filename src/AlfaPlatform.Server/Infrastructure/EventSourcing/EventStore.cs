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
    /// grain answers a retry.
    /// </summary>
    /// <exception cref="StreamVersionConflictException">Someone else appended first to one of the streams: nothing was written.</exception>
    /// <exception cref="UniqueKeyTakenException">A value a new state claims belongs to another record: nothing was written.</exception>
    public async Task<long> AppendAsync(IReadOnlyList<StreamWrite> writes, CommandContext context, CancellationToken cancellationToken = default)
    {
        await using var session = store.LightweightSession();
        session.Stamp(context);

        var decider = writes[0];
        IdempotentWrites.Record(session, context, decider.StreamId, decider.NewVersion, clock.GetUtcNow());

        var claims = new List<UniqueKeyClaim>();
        foreach (var write in writes)
        {
            var action = write.ExpectedVersion == 0
                ? session.Events.StartStream(write.StreamType, write.StreamId, write.Events)
                : session.Events.Append(write.StreamId, write.NewVersion, write.Events);
            if (context.RecordedAt is { } recordedAt)
            {
                foreach (var e in action.Events)
                {
                    e.Timestamp = recordedAt;
                }
            }

            claims.AddRange(ClaimChanges(write, session));
        }

        if (claims.Count > 0)
        {
            // Answer the common case without a failed append (Marten records each one as a tombstone event);
            // the insert in the transaction below stays the real guard against a race.
            var claimedBy = claims.ToDictionary(c => c.Id, c => c.StreamId);
            var taken = await session.LoadManyAsync<UniqueKeyClaim>(cancellationToken, claimedBy.Keys);
            if (taken.FirstOrDefault(claim => claim.StreamId != claimedBy[claim.Id]) is { } other)
            {
                throw new UniqueKeyTakenException(new UniqueKey(other.Scope, other.Value));
            }
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return decider.NewVersion;
        }
        catch (Exception e) when (e is JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                                       or Marten.Exceptions.ExistingStreamIdCollisionException
                                       or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            Activity.Current?.AddEvent(new ActivityEvent("stream_version_conflict"));
            throw new StreamVersionConflictException(decider.StreamId, decider.ExpectedVersion, e);
        }
        catch (JasperFx.DocumentAlreadyExistsException e) when (claims.FirstOrDefault(c => Equals(c.Id, e.Id)) is { } taken)
        {
            throw new UniqueKeyTakenException(new UniqueKey(taken.Scope, taken.Value), e);
        }
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

    private static List<UniqueKeyClaim> ClaimChanges(StreamWrite write, IDocumentSession session)
    {
        var streamId = write.StreamId;
        var held = write.KeysBefore.ToDictionary(k => k.Normalised);
        var wanted = write.KeysAfter.ToDictionary(k => k.Normalised);
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

/// <summary>One stream's part of an append: the events, the version they follow, and the unique values held before and after.</summary>
public sealed record StreamWrite(
    Guid StreamId, Type StreamType, long ExpectedVersion, IReadOnlyList<object> Events, IReadOnlyList<UniqueKey> KeysBefore, IReadOnlyList<UniqueKey> KeysAfter)
{
    public long NewVersion => ExpectedVersion + Events.Count;

    public static StreamWrite Of<TState>(Guid streamId, long expectedVersion, IReadOnlyList<object> events, TState? before, TState after)
        where TState : class, IEventSourced<TState> =>
        new(streamId, typeof(TState), expectedVersion, events, [.. TState.UniqueKeys(before)], [.. TState.UniqueKeys(after)]);
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

public sealed class StreamVersionConflictException(Guid streamId, long expectedVersion, Exception inner)
    : Exception($"Stream {streamId} moved past version {expectedVersion} before this append.", inner);

public sealed class UniqueKeyTakenException(UniqueKey key, Exception? inner = null)
    : Exception($"Another live record already holds {key.Scope} '{key.Value}'.", inner)
{
    public UniqueKey Key { get; } = key;
}
