using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Identity.Contracts;

namespace AlfaPlatform.Server.People;

/// <summary>Staff link a person to their sign-in account: what they then do is done as that person (a team lead, say).</summary>
public static class LinkAccount
{
    public sealed record Command([property: JsonRequired] Guid AccountId) : PersonChange
    {
        public override PersonCommand ToDomain() => new LinkPersonToAccount(AccountId);
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session, IAccountContacts accounts) : ICommandHandler<Command, Committed<Person>>
    {
        public async ValueTask<Committed<Person>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await accounts.FindAsync(command.AccountId, cancellationToken) is not { IsActive: true })
            {
                return new Committed<Person>(0, Rejection.Conflict("unknown_account", "The account does not exist or is deactivated."), null);
            }

            var linkedElsewhere = await session.Query<StreamRecord<Person>>()
                .AnyAsync(p => p.State.AccountId == command.AccountId && p.Id != command.PersonId, cancellationToken);
            return linkedElsewhere
                ? new Committed<Person>(0, Rejection.Conflict("account_linked", "The account is already linked to another person."), null)
                : await command.SendAsync(grains, cancellationToken);
        }
    }

    public static IEndpointRouteBuilder MapLinkAccount(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/people/{id:guid}/account", async (Guid id, Command command, IMediator mediator, Caller caller, HttpContext http, CancellationToken ct) =>
                ChangeResults.Ok(
                    await mediator.Send(command with { PersonId = id, ExpectedVersion = http.Request.ExpectedVersion() }, ct),
                    person => PersonResponse.From(person, caller),
                    http.Response))
            .WithTags("People")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Link the person to their sign-in account.");
        return app;
    }
}
