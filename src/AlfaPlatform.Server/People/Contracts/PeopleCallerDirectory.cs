using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;

namespace AlfaPlatform.Server.People.Contracts;

/// <summary>Answers security's "who is this account in the directory" from the people's records and the memberships contract.</summary>
public sealed class PeopleCallerDirectory(IQuerySession session, ITeamMemberships memberships) : ICallerDirectory
{
    public async Task<CallerPerson?> PersonOfAccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        await session.Query<StreamRecord<Person>>()
            .Where(p => p.State.AccountId == accountId && p.State.IsActive)
            .FirstOrDefaultAsync(cancellationToken) is { State: var person } record
            ? new CallerPerson(record.Id, person.DisplayName, person.PrimaryAffiliation)
            : null;

    public async Task<IReadOnlyList<CallerTeam>> ActiveTeamsOfAsync(Guid personId, CancellationToken cancellationToken) =>
        [.. (await memberships.ActiveTeamsOfAsync(personId, cancellationToken)).Select(m => new CallerTeam(m.TeamId, m.OrganisationId))];
}
