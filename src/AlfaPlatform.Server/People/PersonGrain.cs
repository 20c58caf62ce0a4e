using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.People;

/// <summary>The single writer of one person's stream.</summary>
[Alias("alfa.person-grain")]
public interface IPersonGrain : IGrainWithGuidKey
{
    [Alias("execute")]
    Task<CommandResult> ExecuteAsync(PersonCommand command, long? expectedVersion);
}

public sealed class PersonGrain(EventStore eventStore, TimeProvider clock)
    : EventSourcedGrain<Person, PersonCommand>(eventStore, clock), IPersonGrain
{
    public Task<CommandResult> ExecuteAsync(PersonCommand command, long? expectedVersion) =>
        DecideAndAppendAsync(command, expectedVersion);

    protected override Decision Decide(Person? state, PersonCommand command, DateOnly today) =>
        PersonDecider.Decide(state, command).WithIdentity(StreamId);
}

/// <summary>A change to a person's record: the route names them, If-Match the version the caller saw.</summary>
public abstract record PersonChange : Mediator.ICommand<CommandResult>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid PersonId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long? ExpectedVersion { get; init; }

    public abstract PersonCommand ToDomain();

    public Task<CommandResult> SendAsync(IGrainFactory grains) =>
        grains.GetGrain<IPersonGrain>(PersonId).ExecuteAsync(ToDomain(), ExpectedVersion);
}
