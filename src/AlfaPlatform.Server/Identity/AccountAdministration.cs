using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>Staff list the accounts.</summary>
public static class ListAccounts
{
    public sealed record Query : IQuery<IReadOnlyList<AccountView>>;

    public sealed class Handler(IQuerySession session) : IQueryHandler<Query, IReadOnlyList<AccountView>>
    {
        public async ValueTask<IReadOnlyList<AccountView>> Handle(Query query, CancellationToken cancellationToken) =>
            [.. (await session.Query<Account>().OrderBy(a => a.UserName).ToListAsync(cancellationToken)).Select(AccountView.From)];
    }
}

/// <summary>Staff deactivate an account: it can no longer sign in, and its tokens stop working at once.</summary>
public static class DeactivateAccount
{
    public sealed record Command(Guid AccountId) : ICommand<Outcome<AccountView>>;

    public sealed class Handler(IDocumentSession session, Caller caller) : ICommandHandler<Command, Outcome<AccountView>>
    {
        public async ValueTask<Outcome<AccountView>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<Account>(command.AccountId, cancellationToken) is not { } account)
            {
                return Rejection.NotFound("The account");
            }

            if (caller.ActorId == account.Id.ToString())
            {
                return Rejection.Conflict("own_account", "Staff cannot deactivate their own account.");
            }

            if (!account.IsActive)
            {
                return AccountView.From(account); // already: nothing to record again
            }

            var deactivated = account with { IsActive = false };
            session.Update(deactivated);
            session.Record(account.Id, new AccountDeactivated(account.Id));
            await session.SaveChangesAsync(cancellationToken);
            return AccountView.From(deactivated);
        }
    }
}
