using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public sealed record OrganisationAttendance(Guid? OrganisationId, string Name, int Registered, int Waiting, int CheckedIn);

public sealed record MeetingAttendanceResponse(
    Guid MeetingId, string Title, MeetingStatus Status, DateOnly? AsOf, int? Capacity, int Registered, int Waiting, int PendingApproval, int CheckedIn,
    IReadOnlyList<OrganisationAttendance> ByOrganisation);

/// <summary>Counts only (no names): seats, waiting list, check-ins, per registrant organisation.</summary>
public static class GetAttendance
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<MeetingAttendanceResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MeetingAttendanceResponse?>
    {
        public async ValueTask<MeetingAttendanceResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var byOrganisation = await Attendance.ByOrganisationAsync(session, m.Registrations, access.HidesPartners, cancellationToken);
            return new MeetingAttendanceResponse(m.Id, m.Details.Title, m.Status, query.AsOf, m.Details.Capacity, m.Seated, m.WaitingList.Count(),
                m.Registrations.Count(r => r.Status == RegistrationStatus.PendingApproval), m.Registrations.Count(r => r.CheckedInOn is not null), byOrganisation);
        }
    }
}
