using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Identity.Contracts;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Partners;

/// <summary>
/// Staff approve a pending application. Three records change, each through its own command path and in its own
/// stream: the company is registered as an organisation of kind PartnerCompany with its size, its contact gets a
/// partner account bound to it (a one-time password, returned once in this answer), and the application records the
/// approval naming both.
/// </summary>
/// <remarks>
/// The three writes are not one transaction, so the flow is made safe to repeat: the organisation's and account's ids
/// are derived from the application's, and a repeat (after a failure half-way, or two staff approving at once) finds
/// what an earlier attempt made and completes the rest. The decision is rehearsed first, so a decided application
/// changes nothing. Should the application be rejected instead (while the approval runs, or after it failed half-way),
/// the organisation is archived and the account deactivated again, both with the reason in their history.
/// </remarks>
public static partial class ApproveApplication
{
    /// <param name="Acronym">The organisation's acronym; by default derived from the company name.</param>
    public sealed record Command(string? Acronym = null) : ICommand<Outcome<Approved>>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid ApplicationId { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public long? ExpectedVersion { get; init; }
    }

    /// <summary>The answer to staff: the one-time password is in it once, and nowhere else (null when an earlier attempt opened the account).</summary>
    public sealed record Approved(ApplicationResponse Application, OrganisationResponse Organisation, AccountView Account, string? OneTimePassword);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Acronym).NotEmpty().IsAcronym().When(x => x.Acronym is not null);
            RuleFor(x => x.ApplicationId).NotEmpty();
        }
    }

    /// <summary>The application's own step, once the organisation and the account exist.</summary>
    public sealed record RecordApproval(Guid OrganisationId, Guid AccountId) : ApplicationChange
    {
        public override PartnerApplicationCommand ToDomain() => new ApprovePartnerApplication(OrganisationId, AccountId);
    }

    public sealed class RecordApprovalHandler(IGrainFactory grains) : ICommandHandler<RecordApproval, Committed<PartnerApplication>>
    {
        public async ValueTask<Committed<PartnerApplication>> Handle(RecordApproval command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Handler(IMediator mediator, IQuerySession session, Caller caller, IdempotentWrites idempotentWrites)
        : ICommandHandler<Command, Outcome<Approved>>
    {
        public async ValueTask<Outcome<Approved>> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<PartnerApplication>>(command.ApplicationId, cancellationToken) is not { } record)
            {
                return Rejection.NotFound("The application");
            }

            // A retry of an approval that went through, its answer (with the one-time password) lost: done, not decided again.
            if (record.State.Status == ApplicationStatus.Approved && caller.Idempotency is var (key, _)
                && await idempotentWrites.AnyForKeyAsync(session, key, cancellationToken))
            {
                return IdempotentWrites.SecretNotKept;
            }

            if (command.ExpectedVersion is { } expected && expected != record.Version)
            {
                return Rejection.StaleVersion(expected, record.Version);
            }

            var application = record.State;
            var organisationId = DerivedId(application.Id, "organisation");
            var accountId = DerivedId(application.Id, "account");
            if (PartnerApplicationDecider.Decide(application, new ApprovePartnerApplication(organisationId, accountId)).Rejection is { } undecidable)
            {
                return undecidable; // decided already: nothing is registered or opened
            }

            var accounts = new AccountContacts(session);
            if (await accounts.UserNameTakenAsync(application.ContactEmail, accountId, cancellationToken))
            {
                return Rejection.Conflict("contact_has_account",
                    $"{application.ContactEmail} already has an account, which cannot also act for a new company. Reject the application saying so (the company may apply again with another contact), or register the company directly.");
            }

            var acronym = command.Acronym?.Trim() ?? AcronymOf(application.CompanyName);
            if (acronym.Length == 0)
            {
                return Rejection.Conflict("acronym_required", "No acronym can be made from the company name: give one.");
            }

            var registered = await mediator.Send(
                new Register.Command(application.CompanyName, acronym, OrganisationKind.PartnerCompany, null, application.Country, [], application.Website, application.Size)
                {
                    OrganisationId = organisationId,
                },
                cancellationToken);
            if (registered.Rejection is { Code: not "already_registered" } notRegistered)
            {
                return notRegistered; // e.g. the acronym is taken: approve again with another one
            }

            string? oneTimePassword = null;
            if (await accounts.FindAsync(accountId, cancellationToken) is null)
            {
                var opened = await mediator.Send(
                    new CreateAccount.Command(application.ContactEmail, application.ContactName, [Roles.Partner], organisationId) { AccountId = accountId },
                    cancellationToken);
                if (opened.Rejection is { } notOpened)
                {
                    return notOpened;
                }

                oneTimePassword = opened.Value!.OneTimePassword;
            }

            // Refused only if someone decided in the meantime: approved (the same approval, done by a repeat) is success.
            var decided = await mediator.Send(new RecordApproval(organisationId, accountId) { ApplicationId = application.Id }, cancellationToken);
            var now = (await session.LoadAsync<StreamRecord<PartnerApplication>>(application.Id, cancellationToken))!;
            if (now.State.Status != ApplicationStatus.Approved)
            {
                if (now.State.Status == ApplicationStatus.Rejected)
                {
                    await UndoAsync(mediator, session, application.Id, cancellationToken);
                }

                return decided.Rejection ?? Rejection.Conflict("concurrent_change", "The application changed at the same time: reload it and try again.");
            }

            var organisation = await mediator.Send(new GetOrganisation.Query(organisationId), cancellationToken);
            var account = await accounts.ViewAsync(accountId, cancellationToken);
            return new Approved(ApplicationResponse.From(now), organisation!, account!, oneTimePassword);
        }
    }

    /// <summary>
    /// After a rejection: takes back what an approval that did not complete made (the application was rejected while
    /// it ran, or after it failed half-way). The organisation is archived and the account deactivated, through their
    /// own commands, so their histories say so; what does not exist, or is already undone, is left alone.
    /// </summary>
    public static async Task UndoAsync(IMediator mediator, IQuerySession session, Guid applicationId, CancellationToken cancellationToken)
    {
        var accountId = DerivedId(applicationId, "account");
        if (await new AccountContacts(session).FindAsync(accountId, cancellationToken) is { IsActive: true })
        {
            await mediator.Send(new DeactivateAccount.Command(accountId), cancellationToken);
        }

        var organisationId = DerivedId(applicationId, "organisation");
        if (await new OrganisationDirectory(session).FindAsync(organisationId, cancellationToken) is { IsArchived: false })
        {
            await mediator.Send(
                new Archive.Command($"Partner application {applicationId} was rejected before its approval completed.") { OrganisationId = organisationId },
                cancellationToken);
        }
    }

    /// <summary>A stable id per application and purpose, so that a repeated approval finds what the first one made.</summary>
    public static Guid DerivedId(Guid applicationId, string purpose) =>
        NameBasedGuid.From($"alfa/partner-application/{applicationId:N}/{purpose}");

    /// <summary>
    /// The company name with what an acronym may not hold left out, cut after a whole word to at most 30 characters:
    /// "L'Oréal Recherche" → "L Oréal Recherche".
    /// </summary>
    public static string AcronymOf(string companyName)
    {
        var kept = LeadingSymbols().Replace(Spaces().Replace(NotInAcronym().Replace(companyName, " "), " ").Trim(), "");
        if (kept.Length <= MaxAcronym)
        {
            return kept;
        }

        var lastSpace = kept.LastIndexOf(' ', MaxAcronym);
        return (lastSpace > 0 ? kept[..lastSpace] : kept[..MaxAcronym]).TrimEnd();
    }

    private const int MaxAcronym = 30;

    [GeneratedRegex(@"[^\p{L}\p{N}&.\- ]")]
    private static partial Regex NotInAcronym();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\A[^\p{L}\p{N}]+")]
    private static partial Regex LeadingSymbols();

    public sealed class Endpoint : IOperationEndpoint<ApplicationChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/{id:guid}/approve", async Task<Results<Ok<ApproveApplication.Approved>, ProblemHttpResult>> (
                    Guid id, ApproveApplication.Command? command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                {
                    var approve = (command ?? new ApproveApplication.Command()) with { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                    var outcome = await mediator.Send(approve, ct);
                    if (outcome.Rejection is { } refused)
                    {
                        return ProblemMapping.ToProblem(refused);
                    }

                    // A secret shown once: no cache or proxy may keep it, nor the Idempotency-Key store (it skips no-store answers).
                    http.Response.Headers.CacheControl = "no-store";
                    http.Response.Headers.Pragma = "no-cache";
                    http.Response.SetETag(outcome.Value!.Application.Version);
                    return TypedResults.Ok(outcome.Value);
                })
                .RequireAuthorization(Policies.Staff)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status412PreconditionFailed)
                .WithSummary("Approve: registers the company as a partner organisation with its size and opens its contact's partner account; " +
                             "the one-time password is in this answer only. Optional body: {\"acronym\": \"...\"} (default: from the company name).");
    }
}
