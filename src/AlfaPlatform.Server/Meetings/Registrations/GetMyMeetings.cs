using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public sealed record MyMeetingRegistration(MeetingResponse Meeting, RegistrationResponse Registration);

public sealed record MyContribution(Guid MeetingId, string MeetingTitle, ContributionResponse Contribution);

public sealed record MyMeetingsResponse(Guid? RegistrantId, IReadOnlyList<MyMeetingRegistration> Registrations, IReadOnlyList<MyContribution> Contributions);

/// <summary>
/// The caller's own registrations (each with its waiting position and the changes of date or place made since they
/// registered) and the contributions they submitted or present.
/// </summary>
public static class GetMyMeetings
{
    public sealed record Query : IQuery<MyMeetingsResponse>;

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, MyMeetingsResponse>
    {
        public async ValueTask<MyMeetingsResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.CallerRegistrantIdAsync(cancellationToken) is not { } me)
            {
                return new MyMeetingsResponse(null, [], []);
            }

            var meetings = await session.Query<StreamRecord<Meeting>>()
                .Where(m => m.State.Registrations.Any(r => r.Registrant.Id == me) || m.State.Contributions.Any(c => c.PresenterId == me || c.SubmittedBy == me))
                .ToListAsync(cancellationToken);
            var visible = meetings.Where(m => access.MaySee(m.State)).OrderBy(m => m.State.StartsAt).ToList();
            var shaped = (await MeetingNames.ShapeAsync(session, visible, cancellationToken)).ToDictionary(m => m.Id);
            var contributions = visible.SelectMany(m => m.State.Contributions.Where(c => c.PresenterId == me || c.SubmittedBy == me).Select(c => (Meeting: m.State, c))).ToList();
            var people = await MeetingNames.PeopleAsync(session, contributions.Select(x => x.c.PresenterId), cancellationToken);
            return new MyMeetingsResponse(
                me,
                [.. visible.Where(m => m.State.LatestRegistration(me) is not null)
                    .Select(m => new MyMeetingRegistration(shaped[m.Id], RegistrationResponse.From(m.State, m.State.LatestRegistration(me)!)))],
                [.. contributions.Select(x => new MyContribution(x.Meeting.Id, x.Meeting.Details.Title, Contributions.Shape(x.c, people)))]);
        }
    }
}
