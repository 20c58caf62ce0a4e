using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;

namespace AlfaPlatform.Server.People;

/// <summary>The single writer of one person's stream.</summary>
[Alias("alfa.person-grain")]
public interface IPersonGrain : IStreamGrain<PersonCommand, Person>;

public sealed class PersonGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<Person, PersonCommand>(eventStore, clock), IPersonGrain
{
    protected override Decision Decide(Person? state, PersonCommand command, DateOnly today) =>
        PersonDecider.Decide(state, command).WithIdentity(StreamId);
}

/// <summary>A change to a person's record (their registration included).</summary>
public abstract record PersonChange : StreamChange<PersonCommand, IPersonGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid PersonId { get => StreamId; init => StreamId = value; }
}
