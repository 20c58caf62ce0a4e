using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Staff open an account for a person: user name (their email), roles, and for a partner its company. Without a
/// password, a one-time password is generated and returned once, and the person must change it at first sign-in
/// (<see cref="Account.MustChangePassword"/>). A password given here is taken as one the person chose (provisioning
/// from another system, a person present at the desk): it need not be changed.
/// </summary>
public static class CreateAccount
{
    public sealed record Command(
        string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, Guid? PartnerOrganisationId = null, string? Password = null)
        : ICommand<Outcome<Created>>
    {
        /// <summary>
        /// Never from a request: set by a flow that must find its account again if it is retried (approving a partner
        /// application), so a second attempt meets the account the first one opened. Otherwise a new id.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid? AccountId { get; init; }
    }

    public sealed record Created(AccountView Account, string? OneTimePassword);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.UserName).NotEmpty().MaximumLength(200).Must(EmailAddresses.IsPlain).WithMessage("A user name is an email address, such as ada@example.org.");
            RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Roles).NotEmpty();
            RuleForEach(x => x.Roles).Must(role => Roles.All.Contains(role!))
                .WithMessage($"A role is one of: {string.Join(", ", Roles.All)}.");
            RuleFor(x => x.PartnerOrganisationId).NotNull().When(x => x.Roles?.Contains(Roles.Partner) == true)
                .WithMessage("A partner account names its partner organisation.");
            RuleFor(x => x.Password).MinimumLength(Passwords.MinimumLength).MaximumLength(200);
        }
    }

    public sealed class Handler(IDocumentSession session, IOrganisationDirectory organisations, Caller caller, TimeProvider clock, IdempotentWrites idempotentWrites) : ICommandHandler<Command, Outcome<Created>>
    {
        public async ValueTask<Outcome<Created>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (CommandContext.Current().Keyed is { } keyed && await idempotentWrites.AnyAsync(session, keyed, cancellationToken))
            {
                return IdempotentWrites.SecretNotKept; // opened by an earlier attempt whose answer was lost
            }

            if (command.PartnerOrganisationId is { } partner && await PartnerCompanies.CheckAsync(organisations, partner, cancellationToken) is { } refused)
            {
                return refused;
            }

            // Answer the common case without a failed statement (the unique index stays the guard against a race).
            var userName = Account.Normalise(command.UserName!);
            if (await session.Query<Account>().AnyAsync(a => a.UserName == userName, cancellationToken))
            {
                return Duplicate(userName);
            }

            var password = command.Password ?? Passwords.Generate();
            var account = new Account(
                command.AccountId ?? caller.NewId("account"), userName, command.DisplayName!.Trim(), Passwords.Hash(password),
                [.. command.Roles!.Distinct()], command.PartnerOrganisationId, IsActive: true, clock.GetUtcNow())
            {
                SessionStamp = Account.NewSessionStamp(),
                MustChangePassword = command.Password is null, // generated: staff have seen it
            };
            var opened = new AccountOpened(account.Id, account.UserName, account.Roles, account.PartnerOrganisationId);
            if (!await RefusableWrites.TryInsertThenRecordAsync(session.DocumentStore, account, unit => unit.Record(account.Id, opened), cancellationToken))
            {
                await using var query = session.DocumentStore.QuerySession();
                if (CommandContext.Current().Keyed is not null && await query.LoadAsync<Account>(account.Id, CancellationToken.None) is not null)
                {
                    return IdempotentWrites.SecretNotKept; // opened by an attempt with the same key that ran at the same time
                }

                return Duplicate(account.UserName);
            }

            return new Created(AccountView.From(account), command.Password is null ? password : null);
        }

        private static Rejection Duplicate(string userName) =>
            Rejection.Conflict("duplicate", $"An account with user name '{userName}' already exists.");
    }
}
