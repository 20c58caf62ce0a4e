using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
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

        if (caller.Role != Roles.Member || !Guid.TryParse(caller.ActorId, out var accountId))
        {
            return false;
        }

        var person = await session.Query<StreamRecord<Person>>()
            .Where(p => p.State.AccountId == accountId && p.State.IsActive)
            .Select(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return person != Guid.Empty
            && await session.LoadAsync<StreamRecord<Team>>(teamId, cancellationToken) is { State.Lead.PersonId: var lead } && lead == person;
    }
}
