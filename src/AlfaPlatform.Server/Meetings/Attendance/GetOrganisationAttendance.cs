using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public sealed record OrganisationMeetingAttendance(Guid MeetingId, string Title, DateTimeOffset StartsAt, MeetingStatus Status, int Registered, int Waiting, int CheckedIn);

public sealed record OrganisationAttendanceResponse(Guid OrganisationId, string Name, DateOnly? AsOf, int Meetings, int Registered, int CheckedIn, IReadOnlyList<OrganisationMeetingAttendance> PerMeeting);

/// <summary>An organisation's attendance across the meetings the caller may see: its people registered and checked in, per meeting.</summary>
public static class GetOrganisationAttendance
{
    public sealed record Query(Guid OrganisationId, DateOnly? AsOf = null) : IQuery<OrganisationAttendanceResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, OrganisationAttendanceResponse?>
    {
        public async ValueTask<OrganisationAttendanceResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            // Members never see a partner company's attendance by name: for them it does not exist.
            if (await new OrganisationDirectory(session).FindAsync(query.OrganisationId, cancellationToken) is not { } organisation
                || access.HidesPartners && organisation.Kind == OrganisationKind.PartnerCompany)
            {
                return null;
            }

            var id = query.OrganisationId;
            var meetings = query.AsOf is { } asOf
                ? [.. (await StreamHistory.AllAsOfAsync<Meeting>(session, asOf, matchingNow: null, cancellationToken)).Where(m => m.State.Registrations.Any(r => r.Registrant.OrganisationId == id))]
                : await session.Query<StreamRecord<Meeting>>().Where(m => m.State.Registrations.Any(r => r.Registrant.OrganisationId == id)).ToListAsync(cancellationToken);
            var per = meetings.Where(m => access.MaySee(m.State)).OrderBy(m => m.State.StartsAt).Select(m =>
            {
                var mine = m.State.Registrations.Where(r => r.Registrant.OrganisationId == id && r.IsActive).ToList();
                return new OrganisationMeetingAttendance(m.Id, m.State.Details.Title, m.State.StartsAt, m.State.Status,
                    mine.Count(r => r.Status == RegistrationStatus.Registered), mine.Count(r => r.Status == RegistrationStatus.Waiting), mine.Count(r => r.CheckedInOn is not null));
            }).Where(a => a.Registered + a.Waiting > 0).ToList();
            return new OrganisationAttendanceResponse(id, organisation.Name, query.AsOf, per.Count, per.Sum(p => p.Registered), per.Sum(p => p.CheckedIn), per);
        }
    }
}
