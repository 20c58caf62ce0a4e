using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.People.Contracts;
using Marten;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// The sign-in account of a person whose data was erased (ADR 0008): deactivated, its user name (their email) and
/// display name replaced, and the name it signed its events with replaced on every event it caused. Its opening event
/// (<see cref="AccountOpened"/>, which holds the user name) is masked by the rule in <see cref="IdentityModule"/>.
/// </summary>
public static class AccountErasure
{
    /// <summary>Unique like the user name it replaces, and says nothing about the person.</summary>
    public static string UserNameOf(Guid accountId) => ErasedAccounts.UserNameOf(accountId);

    /// <summary>Queues the changes in <paramref name="session"/>; idempotent.</summary>
    public static async Task EraseAsync(IDocumentSession session, string eventSchema, Guid accountId, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Account>(accountId, cancellationToken) is { } account)
        {
            if (account.IsActive)
            {
                session.Record(account.Id, new AccountDeactivated(account.Id));
            }

            session.Update(account with { UserName = UserNameOf(account.Id), DisplayName = PersonalData.ErasedName, IsActive = false });
        }

        session.QueueSqlCommand(
            $"update {eventSchema}.mt_events set headers = jsonb_set(headers, '{{{EventStore.ActorNameHeader}}}', to_jsonb(?::text)) " +
            $"where headers ->> '{EventStore.ActorHeader}' = ? and headers ->> '{EventStore.ActorNameHeader}' is not null",
            PersonalData.ErasedName,
            accountId.ToString());
    }
}

/// <summary>Identity's part in every erasure: the account the party acted as (<see cref="AccountErasure"/>).</summary>
public sealed class AccountErasureParticipant(IDocumentStore store) : IErasureParticipant
{
    public async Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken)
    {
        if (party.AccountId is { } account)
        {
            await AccountErasure.EraseAsync(session, store.Options.Events.DatabaseSchemaName, account, cancellationToken);
        }
    }
}
