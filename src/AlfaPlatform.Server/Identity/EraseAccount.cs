using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Partners.Contracts;
using AlfaPlatform.Server.People.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Staff erase the person behind an account that is theirs alone (ADR 0008): a partner company's person whose account
/// staff opened directly, say. Deactivated and renamed as a linked person's account is, and its name and address gone
/// from what it did (messages, meeting registrations, the access log, emails, stored answers). An account linked to a
/// person of the directory, or opened by a partner application, is erased with them, through their own route.
/// Safe to repeat.
/// </summary>
public static class EraseAccount
{
    public sealed record Command(Guid AccountId) : ICommand<Outcome<AccountView>>;

    public sealed class Handler(IDocumentStore store, Caller caller, TimeProvider clock, IPeopleDirectory people, IPartyErasure erasure)
        : ICommandHandler<Command, Outcome<AccountView>>
    {
        public async ValueTask<Outcome<AccountView>> Handle(Command command, CancellationToken cancellationToken)
        {
            await using (var session = store.QuerySession())
            {
                if (await session.LoadAsync<Account>(command.AccountId, cancellationToken) is null)
                {
                    return Rejection.NotFound("The account");
                }

                if (caller.ActorId == command.AccountId.ToString())
                {
                    return Rejection.Conflict("own_account", "Staff cannot erase their own account: another staff member can.");
                }

                if (await people.LinkedToAccountAsync(command.AccountId, cancellationToken) is { } person)
                {
                    return Rejection.Conflict("linked_person", $"The account is linked to the person {person}: erase the person (POST /api/people/{person}/erase).");
                }

                if (await PartnerApplicationAccounts.ApplicationThatOpenedAsync(session, command.AccountId, cancellationToken) is { } application)
                {
                    return Rejection.Conflict("from_application",
                        $"The account was opened by the partner application {application}: erase its contact (POST /api/partner-applications/{application}/erase).");
                }
            }

            await RemoveTracesAsync(store, erasure, command.AccountId, clock.GetUtcNow(), cancellationToken);
            await using var read = store.QuerySession();
            return AccountView.From((await read.LoadAsync<Account>(command.AccountId, cancellationToken))!);
        }
    }

    /// <summary>The account and what it did; idempotent.</summary>
    private static async Task RemoveTracesAsync(IDocumentStore store, IPartyErasure erasure, Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var account = await session.LoadAsync<Account>(accountId, cancellationToken);
        var party = new ErasedParty([accountId], accountId, ErasureSpellings.Of([], account is null ? null : AccountContact.From(account)));
        await erasure.EraseAsync(session, party, _ => { }, now, cancellationToken); // the account's own stream included
    }
}
