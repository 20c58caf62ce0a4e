using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>A contribution as the public programme shows it: no review note, no person ids (the presenter by name).</summary>
public sealed record ProgrammeContribution(Guid Id, string Title, string Abstract, string Presenter, IReadOnlyList<string> Authors, Guid? TeamId);

/// <summary>A chair as the public programme shows it: by name only.</summary>
public sealed record ProgrammeChair(string Name);

public sealed record SessionResponse(
    Guid Id, string Title, SessionKind Kind, DateTime Start, DateTime End, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room,
    IReadOnlyList<ProgrammeChair> Chairs, IReadOnlyList<ProgrammeContribution> Contributions);

public sealed record ProgrammeResponse(Guid MeetingId, string Title, string TimeZone, DateOnly? AsOf, IReadOnlyList<SessionResponse> Sessions);

/// <summary>
/// The programme: sessions in time order, each with the accepted contributions scheduled into it. It is public for
/// public meetings, so it carries no review note and no person id, for anyone (staff read those in the contributions).
/// </summary>
public static class GetProgramme
{
    public sealed record Query(Guid MeetingId, DateOnly? AsOf = null) : IQuery<ProgrammeResponse?>;

    public sealed class Validator(TimeProvider clock) : AsOfValidator<Query>(clock, x => x.AsOf);

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, ProgrammeResponse?>
    {
        public async ValueTask<ProgrammeResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await MeetingRecords.OpenAsync(session, access, query.MeetingId, query.AsOf, cancellationToken) is not { State: var m })
            {
                return null;
            }

            var scheduled = m.Contributions.Where(c => c.Status == ContributionStatus.Accepted && c.SessionId is not null).ToList();
            var people = await MeetingNames.PeopleAsync(session, scheduled.Select(c => c.PresenterId), cancellationToken);
            return new ProgrammeResponse(m.Id, m.Details.Title, m.Time.TimeZone, query.AsOf, [.. m.Sessions.OrderBy(s => s.Start).ThenBy(s => s.Title).Select(s =>
                new SessionResponse(s.Id, s.Title, s.Kind, s.Start, s.End, m.Time.ToUtc(s.Start), m.Time.ToUtc(s.End), s.Room,
                    [.. s.Chairs.Select(c => new ProgrammeChair(c.Name))],
                    [.. scheduled.Where(c => c.SessionId == s.Id).Select(c => new ProgrammeContribution(
                        c.Id, c.Title, c.Abstract, people.GetValueOrDefault(c.PresenterId, "unknown person"), c.Authors, c.TeamId))]))]);
        }
    }
}
