using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Partners;

/// <summary>
/// Staff erase a partner application's contact at their request (ADR 0008), once the application is decided: their
/// name and email leave the application's events and record, and, when the application was approved, the partner
/// account it opened for them is erased as a linked person's is (deactivated, renamed, its name gone from what it
/// did: messages, meeting registrations, emails, stored answers). The company, its organisation and the decision
/// stay. Safe to repeat: a second call appends nothing and completes whatever a first call left undone.
/// </summary>
public static class ErasePartnerContactOperation
{
    public sealed record Command : ApplicationChange
    {
        public override PartnerApplicationCommand ToDomain() => new ErasePartnerContact();
    }

    public sealed class Handler(IGrainFactory grains, IDocumentStore store, TimeProvider clock, IPartyErasure erasure, IAccountContacts accounts)
        : ICommandHandler<Command, Committed<PartnerApplication>>
    {
        public async ValueTask<Committed<PartnerApplication>> Handle(Command command, CancellationToken cancellationToken)
        {
            // The grain records PartnerContactErased: from then on the record holds nothing about the contact.
            var result = await command.SendAsync(grains, cancellationToken);
            if (result.IsAccepted)
            {
                await PartnerContactErasure.RemoveTracesAsync(store, erasure, accounts, command.ApplicationId, clock.GetUtcNow(), cancellationToken);
            }

            return result;
        }
    }

    public sealed class Endpoint : IOperationEndpoint<ApplicationChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/{id:guid}/erase", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (
                    Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                {
                    var erase = new ErasePartnerContactOperation.Command { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                    return ChangeResults.Ok(await mediator.Send(erase, ct), ApplicationResponse.From, http.Response);
                })
                .RequireAuthorization(Policies.Staff)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .WithSummary("Erase the contact's data at their request, once the application is decided (ADR 0008): their name and email, " +
                             "and the partner account it opened for them, everywhere; the company and the decision stay (staff).");
    }
}

/// <summary>Everything a partner contact's erasure does besides the <see cref="PartnerContactErased"/> event; idempotent.</summary>
public static class PartnerContactErasure
{
    public static async Task RemoveTracesAsync(
        IDocumentStore store, IPartyErasure erasure, IAccountContacts accounts, Guid applicationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<StreamRecord<PartnerApplication>>(applicationId, cancellationToken) is not { State.ContactErased: true } record)
        {
            return;
        }

        var accountId = record.State.AccountId;
        var account = accountId is { } id ? await accounts.FindAsync(id, cancellationToken) : null;
        var submitted = (await session.Events.FetchStreamAsync(applicationId, token: cancellationToken))
            .Select(e => e.Data).OfType<PartnerApplicationSubmitted>();
        var party = new ErasedParty(
            accountId is { } registrant ? [registrant] : [],
            accountId,
            ErasureSpellings.Of(submitted.SelectMany(s => new[] { s.ContactName, s.ContactEmail }), account))
        {
            MailedAs = [Notifications.Contracts.ApplicantMail.RecipientOf(applicationId)], // the status link's email
        };

        // The application's submission (the contact's name and email), with the account and what ErasureTraces adds.
        await erasure.EraseAsync(session, party, masking => masking.IncludeStream(applicationId), now, cancellationToken);
    }
}
