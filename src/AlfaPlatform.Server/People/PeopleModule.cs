using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.People;

/// <summary>The people feature: the directory's people, their accounts' links, and who a caller is in the directory.</summary>
public sealed class PeopleModule : IFeatureModule
{
    public int Order => 400;

    public void AddServices(FeatureServices feature)
    {
        feature.Services.AddScoped<ICallerDirectory, PeopleCallerDirectory>();
        feature.Services.AddScoped<IPeopleDirectory, PeopleDirectory>();
        feature.Services.AddSingleton<IPartyErasure, ErasureTraces>();
        feature.Services.AddScoped<PersonErasure>();
    }

    public void Map(WebApplication app)
    {
        app.MapPeople();
        app.MapLinkAccount();
    }

    public void ConfigureStore(StoreOptions options)
    {
        // Their past days are kept (ADR 0004's second amendment): an erasure removes the person's once their events are masked.
        options.AddStreamRecords(new PersonRecordProjection(), "person", keepDays: true);
        // A member's every request looks up the person linked to their account, and a roster import its people by
        // email: indexed, so neither reads every person of the directory. The directory lists people by family name
        // (FindPeople), its first 500 read in that order through the index, not sorted out of every person. A person's
        // updates already touch every index (the others are on their JSON too), so one more ends no heap-only update.
        options.Schema.For<StreamRecord<Person>>().Index(x => x.State.AccountId).Index(x => x.State.Email).Index(x => x.State.FamilyName);

        // Erasure (ADR 0008): what masking leaves of the events that hold a person's data. Applied only on request,
        // to the events PersonErasure selects.
        options.Events.AddMaskingRuleForProtectedInformation<PersonRegistered>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonProfileUpdated>(PersonalData.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<PersonDeactivated>(PersonalData.Masked);
    }
}

public sealed partial class PersonRecordProjection : StreamRecordProjection<Person>;
