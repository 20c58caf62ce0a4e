using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Teams;

/// <summary>Staff manage every team; a member manages the team they currently lead (their account linked to them).</summary>
public sealed class TeamAccess(Caller caller, CallerIdentity identity, IQuerySession session)
{
    public static readonly Rejection NotTheLead = Rejection.Forbidden("not_team_lead", "Only staff and the team's lead may change the team.");

    public async Task<bool> MayManageAsync(Guid teamId, CancellationToken cancellationToken)
    {
        if (caller.Role == Roles.Staff)
        {
            return true;
        }

        return await identity.MemberPersonAsync(cancellationToken) is { PersonId: var person }
            && await session.LoadAsync<StreamRecord<Team>>(teamId, cancellationToken) is { State.Lead.PersonId: var lead } && lead == person;
    }
}
