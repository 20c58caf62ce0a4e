using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>Staff link a person to their sign-in account: what they then do is done as that person (a team lead, say).</summary>
public static class LinkAccount
{
    public sealed record Command(Guid? AccountId) : PersonChange
    {
        public override PersonCommand ToDomain() => new LinkPersonToAccount(AccountId!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.AccountId).NotNull();
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session, IAccountContacts accounts) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await accounts.FindAsync(command.AccountId!.Value, cancellationToken) is not { IsActive: true })
            {
                return CommandResult.Rejected(Rejection.Conflict("unknown_account", "The account does not exist or is deactivated."), 0);
            }

            var linkedElsewhere = await session.Query<Infrastructure.EventSourcing.StreamRecord<Person>>()
                .AnyAsync(p => p.State.AccountId == command.AccountId && p.Id != command.PersonId, cancellationToken);
            return linkedElsewhere
                ? CommandResult.Rejected(Rejection.Conflict("account_linked", "The account is already linked to another person."), 0)
                : await command.SendAsync(grains);
        }
    }

    public static IEndpointRouteBuilder MapLinkAccount(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/people/{id:guid}/account", async (Guid id, Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                await ChangeResults.OkAsync(
                    await mediator.Send(command with { PersonId = id, ExpectedVersion = http.Request.ExpectedVersion() }, ct),
                    async () => await mediator.Send(new GetPerson.Query(id), ct),
                    person => person.Version,
                    http.Response))
            .WithTags("People")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Link the person to their sign-in account.");
        return app;
    }
}
