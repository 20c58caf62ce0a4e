using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// The single writer of one meeting's stream. Orleans runs one call at a time per grain, so concurrent
/// registrations are decided one after the other against the seats actually left: capacity is never exceeded and the
/// waiting list keeps the order in which the grain received them.
/// </summary>
[Alias("alfa.meeting-grain")]
public interface IMeetingGrain : IStreamGrain<MeetingCommand>;

public sealed class MeetingGrain(EventStore eventStore, PlatformClock clock)
    : EventSourcedGrain<Meeting, MeetingCommand>(eventStore, clock), IMeetingGrain
{
    protected override Decision Decide(Meeting? state, MeetingCommand command, DateOnly today) =>
        MeetingDecider.Decide(state, command, today).WithIdentity(StreamId);
}

/// <summary>A change to a meeting (its creation included).</summary>
public abstract record MeetingChange : StreamChange<MeetingCommand, IMeetingGrain>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid MeetingId { get => StreamId; init => StreamId = value; }
}

public sealed class MeetingsModule : IFeatureModule
{
    public int Order => 800;

    public void AddServices(FeatureServices feature)
    {
        feature.Services.AddScoped<MeetingAccess>();
        feature.Services.AddScoped<IRecordParties<Meeting>>(sp => sp.GetRequiredService<MeetingAccess>());
    }

    /// <summary>After the network's seed (<c>Seeding</c>): meetings name their organisers.</summary>
    public void AddSeeders(IServiceCollection services) => services.AddHostedService<MeetingSeeder>();

    public void Map(WebApplication app) => app.MapMeetings();

    public void ConfigureStore(StoreOptions options)
    {
        options.AddStreamRecords(new MeetingRecordProjection(), "meeting");

        // Erasure (ADR 0008): a registration names its registrant. Applied only to the erased registrant's events.
        options.Events.AddMaskingRuleForProtectedInformation<RegistrationRequested>(RegistrantNames.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<RegistrantRegistered>(RegistrantNames.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<RegistrantWaitlisted>(RegistrantNames.Masked);
    }
}

public sealed partial class MeetingRecordProjection : StreamRecordProjection<Meeting>;
