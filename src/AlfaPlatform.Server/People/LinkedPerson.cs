using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Marten;

namespace AlfaPlatform.Server.People;

/// <summary>Who a member is in the directory: the active person staff linked to their account (none for other roles, or before a link).</summary>
public static class LinkedPerson
{
    public static async Task<StreamRecord<Person>?> OfAsync(IQuerySession session, Caller caller, CancellationToken cancellationToken) =>
        caller.Role == Roles.Member && Guid.TryParse(caller.ActorId, out var account)
            ? await session.Query<StreamRecord<Person>>()
                .Where(p => p.State.AccountId == account && p.State.IsActive)
                .FirstOrDefaultAsync(cancellationToken)
            : null;
}
