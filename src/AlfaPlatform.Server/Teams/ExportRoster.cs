using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.People.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// The roster as a file (staff: it holds emails), every membership of people not erased, in the import's columns
/// plus left_on.
/// </summary>
public static class ExportRoster
{
    public sealed record Query(Guid TeamId) : IQuery<string?>;

    public sealed class Handler(IQuerySession session, IPeopleDirectory directory) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Team>>(query.TeamId, cancellationToken) is not { State: var team })
            {
                return null;
            }

            var people = await directory.RosterPeopleAsync(team.Members.Select(m => m.PersonId), cancellationToken);
            // Erased people have no email or name left to export; the roster view still shows their memberships.
            return RosterCsv.Write(team.Members.Where(m => people.GetValueOrDefault(m.PersonId) is not { IsErased: true }).OrderBy(m => m.JoinedOn).Select(m =>
            {
                var person = people.GetValueOrDefault(m.PersonId);
                return (IReadOnlyList<string?>)[person?.Email, person?.GivenName, person?.FamilyName, m.Role.ToString(), m.RoleLabel,
                    RosterCsv.Date(m.JoinedOn), RosterCsv.Date(m.LeftOn)];
            }));
        }
    }
}
