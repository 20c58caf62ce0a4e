using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Orleans.Concurrency;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// The single writer of one meeting's stream. Its commands are decided one after the other against the seats actually
/// left, so capacity is never exceeded and the waiting list keeps the order in which the grain received them. A meeting
/// is the network's hot record (hundreds register when registration opens): the grain takes calls while an append is
/// in flight, and decides and appends those that arrived meanwhile as one batch (<see cref="EventSourcedGrain{TState, TCommand}"/>).
/// </summary>
[Alias("alfa.meeting-grain")]
public interface IMeetingGrain : IStreamGrain<MeetingCommand, Meeting>;

[Reentrant]
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
        options.AddStreamRecords(new MeetingRecordProjection(), "meeting", keepDays: true);

        // Erasure (ADR 0008): a registration names its registrant. Applied only to the erased registrant's events.
        options.Events.AddMaskingRuleForProtectedInformation<RegistrationRequested>(RegistrantNames.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<RegistrantRegistered>(RegistrantNames.Masked);
        options.Events.AddMaskingRuleForProtectedInformation<RegistrantWaitlisted>(RegistrantNames.Masked);
    }
}

public sealed partial class MeetingRecordProjection : StreamRecordProjection<Meeting>;
