using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.People;
using Marten;

namespace AlfaPlatform.Server.Teams;

/// <summary>Staff manage every team; a member manages the team they currently lead (their account linked to them).</summary>
public sealed class TeamAccess(Caller caller, IQuerySession session)
{
    public async Task<bool> MayManageAsync(Guid teamId, CancellationToken cancellationToken)
    {
        if (caller.Role == Roles.Staff)
        {
            return true;
        }

        return await LinkedPerson.OfAsync(session, caller, cancellationToken) is { Id: var person }
            && await session.LoadAsync<StreamRecord<Team>>(teamId, cancellationToken) is { State.Lead.PersonId: var lead } && lead == person;
    }
}
