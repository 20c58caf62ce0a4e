using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// A signed-in person changes their own password, proving the current one. Every token and web cookie of the account
/// stops working, the caller's own too: an API caller signs in again with the new password (the web app does so for
/// the person, see <c>WebApp</c>).
/// </summary>
public static class ChangePassword
{
    public sealed record Command(string? CurrentPassword, string? NewPassword) : ICommand<Outcome<AccountView>>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.CurrentPassword).NotEmpty();
            RuleFor(x => x.NewPassword).NotEmpty().MinimumLength(Passwords.MinimumLength).MaximumLength(200)
                .NotEqual(x => x.CurrentPassword).WithMessage("The new password must differ from the current one.");
        }
    }

    public sealed class Handler(
        IDocumentSession session, Caller caller, IdentitySettings settings, AccountLockout lockout, ILogger<Handler> logger)
        : ICommandHandler<Command, Outcome<AccountView>>
    {
        public async ValueTask<Outcome<AccountView>> Handle(Command command, CancellationToken cancellationToken)
        {
            var account = Guid.TryParse(caller.ActorId, out var id) ? await session.LoadAsync<Account>(id, cancellationToken) : null;
            if (account is null)
            {
                return Rejection.NotFound("A sign-in account for this caller");
            }

            if (await lockout.AttemptAsync(account.UserName, cancellationToken) is { } wait)
            {
                throw new AccountLockedException(wait);
            }

            if (!Passwords.Verify(account.PasswordHash, command.CurrentPassword!))
            {
                logger.LogWarning("Password change refused for account {AccountId}: wrong current password", account.Id);
                await lockout.FailedAsync(account.UserName, cancellationToken);
                return Rejection.Conflict("wrong_password", "The current password is not valid.");
            }

            await lockout.SucceededAsync(account.UserName, cancellationToken);

            // A new stamp ends every session opened before: tokens and web cookies, this caller's own included.
            var changed = account with
            {
                PasswordHash = Passwords.Hash(command.NewPassword!),
                SessionStamp = Account.NewSessionStamp(),
                MustChangePassword = false,
            };
            session.Update(changed);
            session.Record(account.Id, new PasswordChanged(account.Id));
            await session.SaveChangesAsync(cancellationToken);
            if (account.UserName == FirstStaffAccount.UserName)
            {
                File.Delete(FirstStaffAccount.PasswordFile(settings)); // the one-time password is spent
            }

            return AccountView.From(changed);
        }
    }
}
