using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using Marten;

namespace AlfaPlatform.Server.Partners;

/// <summary>The single writer of one partner application's stream, keyed by the application's id.</summary>
[Alias("alfa.partner-application-grain")]
public interface IPartnerApplicationGrain : IStreamGrain<PartnerApplicationCommand, PartnerApplication>;

public sealed class PartnerApplicationGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<PartnerApplication, PartnerApplicationCommand>(eventStore, clock), IPartnerApplicationGrain
{
    protected override Decision Decide(PartnerApplication? state, PartnerApplicationCommand command, DateOnly today) =>
        PartnerApplicationDecider.WithIdentity(PartnerApplicationDecider.Decide(state, command), StreamId);
}

/// <summary>A change to a partner application (its submission included), answered with the application as its grain committed it.</summary>
public abstract record ApplicationChange : StreamChange<PartnerApplicationCommand, PartnerApplication, IPartnerApplicationGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid ApplicationId { get => StreamId; init => StreamId = value; }
}

/// <summary>The partners feature: applications to join as a partner company, their records and endpoints.</summary>
public sealed class PartnersModule : IFeatureModule
{
    public int Order => 600;

    public void Map(WebApplication app) => app.MapPartnerApplications();

    public void ConfigureStore(StoreOptions options)
    {
        options.AddStreamRecords(new PartnerApplicationRecordProjection(), "partner_application");
        options.Schema.For<StreamRecord<PartnerApplication>>().Index(x => x.State.StatusTokenHash!); // the status page's look-up

        // Erasure (ADR 0008): the contact's name and email, applied only to the erased application's stream.
        options.Events.AddMaskingRuleForProtectedInformation<PartnerApplicationSubmitted>(PartnerContactData.Masked);
    }
}

public sealed partial class PartnerApplicationRecordProjection : StreamRecordProjection<PartnerApplication>;
