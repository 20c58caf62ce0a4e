using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using Mediator;
using Orleans.Concurrency;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>What every grain that owns a stream does, whatever its feature (<see cref="StreamGrains"/> finds it by its state).</summary>
[Alias("alfa.stream-record-grain")]
public interface IStreamRecordGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Lets go of the record this activation holds, once its stream's events were rewritten in place and its inline
    /// record folded again (erasure, ADR 0008): reads go to that record, the next command reloads before it decides,
    /// and the activation is collected when idle.
    /// </summary>
    [Alias("forget"), AlwaysInterleave]
    Task ForgetAsync();
}

/// <summary>A grain that owns one stream and executes its feature's commands against it.</summary>
[Alias("alfa.stream-grain`1")]
public interface IStreamGrain<in TCommand> : IStreamRecordGrain
{
    /// <param name="expectedVersion">The version the caller saw (If-Match); null to act on the latest.</param>
    [Alias("execute")]
    Task<CommandResult> ExecuteAsync(TCommand command, long? expectedVersion);
}

/// <summary>
/// A grain that owns one stream and answers each change with the record as it committed it, so the gateway answers
/// from what the grain holds instead of reading the record back.
/// </summary>
[Alias("alfa.stream-grain`2")]
public interface IStreamGrain<in TCommand, TState> : IStreamGrain<TCommand>
    where TState : class, IEventSourced<TState>
{
    /// <param name="expectedVersion">The version the caller saw (If-Match); null to act on the latest.</param>
    /// <param name="cancellationToken">The caller's: a request abandoned before the grain takes the command up writes nothing.</param>
    [Alias("execute-committed")]
    Task<Committed<TState>> ExecuteAsync(TCommand command, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The record as this grain last committed it: a read of the current state with no round trip to the database.
    /// Interleaved with an append in flight, whose outcome it does not show until the append has committed.
    /// </summary>
    [Alias("current"), AlwaysInterleave]
    Task<Held<TState>> CurrentAsync();
}

/// <summary>
/// The record a grain holds, or none when the inline read model must answer instead: no stream yet (another grain may
/// start it alongside its own change, as a roster import starts people's), or an append whose outcome the grain does
/// not know.
/// </summary>
[GenerateSerializer, Immutable, Alias("alfa.held`1")]
public sealed record Held<TState>([property: Id(0)] StreamRecord<TState>? Record)
    where TState : class, IEventSourced<TState>;

/// <summary>The grain that owns streams of a state, for code that knows the state but not the feature (erasure).</summary>
public static class StreamGrains
{
    private static readonly ConcurrentDictionary<Type, Type> Interfaces = new();

    public static IStreamRecordGrain Of<TState>(this IGrainFactory grains, Guid streamId)
        where TState : class, IEventSourced<TState> =>
        (IStreamRecordGrain)grains.GetGrain(Interfaces.GetOrAdd(typeof(TState), InterfaceOf), streamId);

    /// <summary>The feature's own grain interface, e.g. <c>IMeetingGrain</c> for <c>Meeting</c>: one per state.</summary>
    private static Type InterfaceOf(Type state) =>
        typeof(StreamGrains).Assembly.GetTypes().Single(type => type is { IsInterface: true, IsGenericType: false }
            && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStreamGrain<,>) && i.GetGenericArguments()[1] == state));
}

public static class CurrentRecords
{
    /// <summary>
    /// A record's current state as its grain holds it, or read from its inline read model when the grain does not
    /// know it: the same record either way (DESIGN: a grain answers for its own current state).
    /// </summary>
    public static async Task<StreamRecord<TState>?> CurrentRecordAsync<TCommand, TState>(
        this IStreamGrain<TCommand, TState> grain, Marten.IQuerySession session, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState> =>
        (await grain.CurrentAsync()).Record ?? await session.LoadAsync<StreamRecord<TState>>(grain.GetPrimaryKey(), cancellationToken);
}

/// <summary>
/// The outcome of a change: the rejection, or the record as its grain holds it after the change (the same fold, version
/// and times as the inline read model). The record crosses Orleans as JSON (<see cref="StreamRecordCodec"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("alfa.committed`1")]
public sealed record Committed<TState>(
    [property: Id(0)] long Version,
    [property: Id(1)] Rejection? Rejection,
    [property: Id(2)] StreamRecord<TState>? Record)
    where TState : class, IEventSourced<TState>
{
    public bool IsAccepted => Rejection is null;

    /// <summary>The plain outcome, for callers that need only the version or the refusal (seeding, other features).</summary>
    public static implicit operator CommandResult(Committed<TState> committed) => new(committed.Version, committed.Rejection);
}

/// <summary>
/// A change to one record: the body names what changes; which record (the route) and the version the caller saw
/// (If-Match) are filled in by the endpoint. Each feature names the id after its record.
/// </summary>
public abstract record StreamChange<TCommand, TGrain> : ICommand<CommandResult>
    where TGrain : IStreamGrain<TCommand>
{
    [JsonIgnore]
    public Guid StreamId { get; init; }

    [JsonIgnore]
    public long? ExpectedVersion { get; init; }

    /// <summary>The domain command, once validation has made the nullable fields safe to read.</summary>
    public abstract TCommand ToDomain();

    public Task<CommandResult> SendAsync(IGrainFactory grains) =>
        grains.GetGrain<TGrain>(StreamId).ExecuteAsync(ToDomain(), ExpectedVersion);
}

/// <summary>
/// A change to one record answered with the record itself (<see cref="Committed{TState}"/>): the body names what
/// changes; which record (the route) and the version the caller saw (If-Match) are filled in by the endpoint.
/// </summary>
public abstract record StreamChange<TCommand, TState, TGrain> : ICommand<Committed<TState>>, Security.IRefusable<Committed<TState>>
    where TState : class, IEventSourced<TState>
    where TGrain : IStreamGrain<TCommand, TState>
{
    [JsonIgnore]
    public Guid StreamId { get; init; }

    [JsonIgnore]
    public long? ExpectedVersion { get; init; }

    /// <summary>The domain command the body stands for.</summary>
    public abstract TCommand ToDomain();

    public Task<Committed<TState>> SendAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        grains.GetGrain<TGrain>(StreamId).ExecuteAsync(ToDomain(), ExpectedVersion, cancellationToken);

    /// <summary>Refused before it reached the grain (an access check): nothing written.</summary>
    public Committed<TState> Refused(Rejection rejection) => new(0, rejection, null);
}
