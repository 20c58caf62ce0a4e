using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Organisations.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>An organisation's teams and its headcount (distinct people in them), today or on a past day.</summary>
public static class OrganisationTeams
{
    public sealed record Query(Guid OrganisationId, DateOnly? AsOf = null) : IQuery<Response?>;

    public sealed record Response(Guid OrganisationId, DateOnly? AsOf, int Headcount, IReadOnlyList<TeamHeadcount> Teams);

    public sealed record TeamHeadcount(Guid TeamId, string Name, IReadOnlyList<string> FocusAreas, int Members, bool IsArchived);

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session, TimeProvider clock) : IQueryHandler<Query, Response?>
    {
        public async ValueTask<Response?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await new OrganisationDirectory(session).FindAsync(query.OrganisationId, cancellationToken) is null)
            {
                return null;
            }

            var day = query.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var teams = await session.Query<StreamRecord<Team>>()
                .Where(t => t.State.OrganisationId == query.OrganisationId)
                .OrderBy(t => t.State.Name)
                .ToListAsync(cancellationToken);
            var rosters = teams.Select(t => (Team: t.State, People: t.State.RosterOn(day).Select(m => m.PersonId).ToHashSet())).ToList();
            return new Response(
                query.OrganisationId,
                query.AsOf,
                rosters.SelectMany(r => r.People).Distinct().Count(),
                [.. rosters.Select(r => new TeamHeadcount(r.Team.Id, r.Team.Name, r.Team.FocusAreas, r.People.Count, r.Team.IsArchived))]);
        }
    }
}
