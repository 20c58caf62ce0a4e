using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Teams;

/// <summary>What teams and people add to the event store.</summary>
public static class TeamsModule
{
    public static void ConfigureStore(StoreOptions options)
    {
        options.AddStreamRecords(new TeamRecordProjection(), "team");
        options.AddStreamRecords(new PersonRecordProjection(), "person");

        // Erasure (ADR 0008): what masking leaves of the events that hold a person's data. Applied only on request,
        // to the events PersonErasure selects; a reason given when someone left a team is about them.
        options.Events.AddMaskingRuleForProtectedInformation<PersonRegistered>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonProfileUpdated>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonDeactivated>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<MemberLeft>(e => e with { Reason = null });
    }
}

public sealed partial class TeamRecordProjection : StreamRecordProjection<Team>;

public sealed partial class PersonRecordProjection : StreamRecordProjection<Person>;
