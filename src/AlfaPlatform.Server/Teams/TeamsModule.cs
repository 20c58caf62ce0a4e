using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace AlfaPlatform.Server.Teams;

/// <summary>What teams and people add to the event store.</summary>
public static class TeamsModule
{
    public static void ConfigureStore(StoreOptions options)
    {
        options.Events.AddEventTypes(Team.EventTypes);
        options.Events.AddEventTypes(Person.EventTypes);

        // Erasure (ADR 0008): what masking leaves of the events that hold a person's data. Applied only on request,
        // to the events PersonErasure selects; a reason given when someone left a team is about them.
        options.Events.AddMaskingRuleForProtectedInformation<PersonRegistered>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonProfileUpdated>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonDeactivated>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<MemberLeft>(e => e with { Reason = null });

        // Inline: staff see a roster change and a new person right after making it.
        options.Projections.Add(new TeamRecordProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PersonRecordProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<StreamRecord<Team>>().DocumentAlias("team");
        options.Schema.For<StreamRecord<Person>>().DocumentAlias("person");
    }
}

public sealed partial class TeamRecordProjection : SingleStreamProjection<StreamRecord<Team>, Guid>
{
    public TeamRecordProjection()
    {
        foreach (var type in Team.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override StreamRecord<Team>? Evolve(StreamRecord<Team>? snapshot, Guid id, IEvent e) =>
        StreamRecord<Team>.Advance(snapshot, id, e);
}

public sealed partial class PersonRecordProjection : SingleStreamProjection<StreamRecord<Person>, Guid>
{
    public PersonRecordProjection()
    {
        foreach (var type in Person.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override StreamRecord<Person>? Evolve(StreamRecord<Person>? snapshot, Guid id, IEvent e) =>
        StreamRecord<Person>.Advance(snapshot, id, e);
}
