using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Partners.Contracts;

/// <summary>The accounts partner applications opened, as other features may ask (Identity, before it erases an account).</summary>
public static class PartnerApplicationAccounts
{
    /// <summary>The application whose approval opened <paramref name="accountId"/>, or null.</summary>
    public static async Task<Guid?> ApplicationThatOpenedAsync(IQuerySession session, Guid accountId, CancellationToken cancellationToken) =>
        await session.Query<StreamRecord<PartnerApplication>>().Where(a => a.State.AccountId == accountId).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken)
            is var application && application != Guid.Empty ? application : null;
}
