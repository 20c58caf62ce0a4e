using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// The roster. As of a date it reads the membership dates (who was in the team that day, in which role), as the
/// platform knows them now: a membership recorded late still counts from the day it began.
/// </summary>
public static class GetRoster
{
    public sealed record Query(Guid TeamId, DateOnly? AsOf = null) : IQuery<RosterResponse?>;

    public sealed class Validator : AsOfValidator<Query>
    {
        public Validator(TimeProvider clock) : base(clock, x => x.AsOf)
        {
        }
    }

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, RosterResponse?>
    {
        public async ValueTask<RosterResponse?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Team>>(query.TeamId, cancellationToken) is not { State: var team })
            {
                return null;
            }

            var memberships = (query.AsOf is { } asOf ? team.RosterOn(asOf) : team.Members)
                .OrderBy(m => m.JoinedOn).ThenBy(m => m.PersonId).ToList();
            var names = await PeopleNames.LoadAsync(session, memberships.Select(m => m.PersonId), cancellationToken);
            return new RosterResponse(team.Id, team.Name, query.AsOf, [.. memberships.Select(m => new MemberResponse(
                m.PersonId, names.GetValueOrDefault(m.PersonId, PeopleNames.Unknown), m.Role, m.RoleLabel, m.JoinedOn, m.LeftOn, m.Roles))]);
        }
    }
}
