using AlfaPlatform.Domain.Meetings;

namespace AlfaPlatform.Server.Meetings;

/// <param name="WaitingPosition">1 for the first on the waiting list; null when not waiting.</param>
/// <param name="ChangesSinceRegistered">Date and place changes made after this registration: what the registrant must be told.</param>
public sealed record RegistrationResponse(
    Guid RegistrantId, RegistrantKind Kind, string Name, Guid? OrganisationId, int Arrival, RegistrationStatus Status, int? WaitingPosition,
    bool ByStaff, bool Promoted, DateOnly? CheckedInOn, string? Reason, IReadOnlyList<NotifiedChange> ChangesSinceRegistered)
{
    public static RegistrationResponse From(Meeting meeting, Registration r)
    {
        var position = r.Status == RegistrationStatus.Waiting ? meeting.WaitingList.TakeWhile(w => w.Arrival != r.Arrival).Count() + 1 : (int?)null;
        return new RegistrationResponse(r.Registrant.Id, r.Registrant.Kind, r.Registrant.Name, r.Registrant.OrganisationId, r.Arrival, r.Status,
            position, r.ByStaff, r.Promoted, r.CheckedInOn, r.Reason, [.. meeting.ChangesSince(r)]);
    }
}
