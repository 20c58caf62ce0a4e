using JasperFx.Events;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A read model that says, for every event of the streams it reads, whether it handles or ignores it: a new event
/// of those streams is a decision to make, not a <c>default:</c> that silently skips it. A test enumerates the
/// projections and fails when an event is neither handled nor ignored (or both).
/// </summary>
public interface IDeclaresEvents
{
    static abstract ProjectionEvents Events { get; }
}

public static class AsyncProjections
{
    /// <summary>
    /// Registers an async projection that loads only the events it does not ignore (<see cref="ProjectionEvents.Loaded"/>):
    /// the daemon's query filters them by type (Marten filters only when every type named is concrete, which they are).
    /// A <paramref name="version"/> above 1 is a new shard, replayed from the first event where it has not run.
    /// </summary>
    public static void AddAsyncProjection<TProjection>(
        this Marten.StoreOptions options, TProjection projection, string name, Action<JasperFx.Events.Projections.AsyncOptions> configure, uint version = 1)
        where TProjection : Marten.Events.Projections.IProjection, IDeclaresEvents
    {
        options.Projections.Add(projection, JasperFx.Events.Projections.ProjectionLifecycle.Async, name, configure);
        var registered = (JasperFx.Events.Projections.ProjectionBase)options.Projections.All[^1];
        registered.Version = version;
        foreach (var type in TProjection.Events.Loaded)
        {
            registered.IncludeType(type);
        }
    }

    /// <summary>The shard Marten's daemon records an unsharded projection's progress under, at its registered version.</summary>
    public static string ShardOf(string name, uint version = 1) => new JasperFx.Events.Projections.ShardName(name, "All", version).Identity;
}

/// <summary>What a projection reads (event bases, e.g. <c>TeamEvent</c>), and which of their events it handles or ignores.</summary>
public sealed class ProjectionEvents(IReadOnlyList<Type> reads, IReadOnlyList<Type> handled, IReadOnlyList<Type> ignored)
{
    /// <summary>The event bases of the streams the projection reads: every event deriving from one must be declared.</summary>
    public IReadOnlyList<Type> Reads { get; } = reads;

    public IReadOnlySet<Type> Handled { get; } = handled.ToHashSet();

    public IReadOnlySet<Type> Ignored { get; } = ignored.ToHashSet();

    /// <summary>
    /// The events of a batch from the streams read, handled and ignored ones alike, in order; other streams' events are
    /// none of the projection's business. An event of a stream read that is not declared throws: the coverage test
    /// keeps such an event from being released, so meeting one means a build that skipped it, and the read model
    /// stops (an async shard pauses, an inline append fails) instead of drifting. An event type no longer in the
    /// code never gets here: it does not load as any of these types.
    /// </summary>
    public IReadOnlyList<IEvent> Read(IReadOnlyList<IEvent> events) => [.. events.Where(IsRead)];

    /// <summary>The events of a batch the projection handles, in order; ignored ones dropped, undeclared ones throw (<see cref="Read"/>).</summary>
    public IReadOnlyList<IEvent> HandledIn(IReadOnlyList<IEvent> events) => [.. events.Where(e => IsRead(e) && Handled.Contains(e.EventType))];

    public bool Ignores(object domainEvent) => Ignored.Contains(domainEvent.GetType());

    /// <summary>
    /// The event types the daemon loads for the projection: every event of the streams it reads but those it ignores.
    /// Undeclared ones still load, and stop it (<see cref="Read"/>); ignored ones are never read, deserialised or
    /// handed to it, which is most of an async projection's cost when most events are not its business.
    /// </summary>
    public IEnumerable<Type> Loaded =>
        Handled.Concat(Reads.SelectMany(AlfaPlatform.Domain.Common.DomainEvents.Of)).Where(t => !Ignored.Contains(t)).Distinct();

    /// <summary>For a switch's <c>default:</c> branch: passes an event declared ignored, throws for any other.</summary>
    public void Ignore(object domainEvent)
    {
        if (!Ignores(domainEvent))
        {
            throw Undeclared(domainEvent.GetType());
        }
    }

    private bool IsRead(IEvent e)
    {
        if (Handled.Contains(e.EventType) || Ignored.Contains(e.EventType))
        {
            return true;
        }

        return Reads.Any(e.EventType.IsAssignableTo) ? throw Undeclared(e.EventType) : false;
    }

    private static InvalidOperationException Undeclared(Type eventType) =>
        new($"The projection neither handles nor ignores {eventType.Name}: declare it in the projection's Events.");
}

public static class EventSequence
{
    /// <summary>
    /// The sequence of the newest event stored: what an async projection has applied once it is caught up. Read from the
    /// end of the primary key (Marten's statistics count every event and stream).
    /// </summary>
    public static async Task<long> NewestAsync(Marten.IQuerySession session, CancellationToken cancellationToken) =>
        (await session.AdvancedSql.QueryAsync<long>($"select {Newest(session)}", cancellationToken)).Single();

    /// <summary>The newest sequence as an SQL expression, for a statement that reads it with other things.</summary>
    public static string Newest(Marten.IQuerySession session) =>
        $"(select coalesce(max(seq_id), 0) from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events)";
}
