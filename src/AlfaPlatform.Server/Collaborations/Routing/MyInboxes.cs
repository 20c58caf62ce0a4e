using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// The inboxes the caller speaks for (<see cref="GetInbox"/> opens each): a member's teams, active today, and the
/// organisations of those teams, by the names the request pages use. None for other roles (staff open any inbox).
/// </summary>
public static class MyInboxes
{
    public sealed record Query : IQuery<IReadOnlyList<InboxTarget>>;

    /// <summary>A team or organisation requests may be routed to; <paramref name="Name"/> is a team's name or an organisation's acronym.</summary>
    public sealed record InboxTarget(Guid TargetId, RoutingTargetKind Kind, string Name);

    public sealed class Handler(IQuerySession session, CallerIdentity identity) : IQueryHandler<Query, IReadOnlyList<InboxTarget>>
    {
        public async ValueTask<IReadOnlyList<InboxTarget>> Handle(Query query, CancellationToken cancellationToken)
        {
            var teams = await identity.MemberTeamsAsync(cancellationToken);
            if (teams.Count == 0)
            {
                return [];
            }

            var teamEntries = await new TeamDirectory(session).FindManyAsync(teams.Select(t => t.TeamId), asOf: null, cancellationToken);
            var organisations = await new OrganisationDirectory(session).FindManyAsync(teams.Select(t => t.OrganisationId).Distinct(), asOf: null, cancellationToken);
            return
            [
                .. teams.DistinctBy(t => t.TeamId)
                    .Select(t => new InboxTarget(t.TeamId, RoutingTargetKind.Team, teamEntries.GetValueOrDefault(t.TeamId)?.Name ?? ""))
                    .OrderBy(t => t.Name, StringComparer.CurrentCulture),
                .. organisations.Values
                    .Select(o => new InboxTarget(o.Id, RoutingTargetKind.Organisation, o.Acronym))
                    .OrderBy(t => t.Name, StringComparer.CurrentCulture),
            ];
        }
    }
}
