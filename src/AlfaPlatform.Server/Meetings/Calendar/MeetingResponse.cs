using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Meetings;

public sealed record OrganisationRef(Guid Id, string Name);

/// <summary>A meeting as the calendar shows it: local times with their zone and the UTC instants, seats, and every date or place change since publication.</summary>
public sealed record MeetingResponse(
    Guid Id, long Version, string Title, MeetingKind Kind, string? Description, MeetingStatus Status, string? CancellationReason,
    DateTime Start, DateTime End, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Venue? Venue, bool Online, string? OnlineUrl, IReadOnlyList<OrganisationRef> Organisers, IReadOnlyList<Chair> Chairs,
    int? Capacity, int Registered, int Waiting, DateOnly? RegistrationOpensOn, DateOnly? RegistrationClosesOn,
    MeetingVisibility Visibility, bool RequiresApproval, IReadOnlyList<NotifiedChange> Changes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MeetingResponse From(StreamRecord<Meeting> record, IReadOnlyDictionary<Guid, string> organisations)
    {
        var m = record.State;
        return new MeetingResponse(
            m.Id, record.Version, m.Details.Title, m.Details.Kind, m.Details.Description, m.Status, m.CancellationReason,
            m.Time.Start, m.Time.End, m.Time.TimeZone, m.StartsAt, m.EndsAt, m.Place.Venue, m.Place.Online, m.Place.OnlineUrl,
            [.. m.Details.Organisers.Select(o => new OrganisationRef(o, organisations.GetValueOrDefault(o, "unknown organisation")))], m.Details.Chairs,
            m.Details.Capacity, m.Seated, m.WaitingList.Count(), m.Details.RegistrationOpensOn, m.Details.RegistrationClosesOn,
            m.Details.Visibility, m.Details.RequiresApproval, m.Changes, record.CreatedAt, record.UpdatedAt);
    }
}
