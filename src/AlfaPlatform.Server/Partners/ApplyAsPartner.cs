using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Notifications.Contracts;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Partners;

/// <summary>
/// A company applies to become a partner, without signing in: who it is, who to contact, what it is interested in.
/// The application waits for staff; one company name has one pending application at a time.
/// </summary>
public static class ApplyAsPartner
{
    public sealed record Command(
        [property: JsonRequired] string CompanyName,
        [property: JsonRequired] string Country,
        [property: JsonRequired] CompanySize Size,
        [property: JsonRequired] string ContactName,
        [property: JsonRequired] string ContactEmail,
        [property: JsonRequired, MultiLine] string Interest,
        string? Website = null) : ApplicationChange
    {
        /// <summary>The SHA-256 of the status token the endpoint made; never the token.</summary>
        [JsonIgnore]
        public string? StatusTokenHash { get; init; }

        public override PartnerApplicationCommand ToDomain() =>
            new SubmitPartnerApplication(CompanyName, Country, Size, Website, ContactName, ContactEmail, Interest, StatusTokenHash);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.CompanyName).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Country).NotEmpty().IsCountryCode();
            RuleFor(x => x.Size).IsAChoice();
            RuleFor(x => x.Website).MaximumLength(500).IsWebAddress().When(x => x.Website is not null);
            // The contact becomes the company's first partner account: the same rules as an account's names.
            RuleFor(x => x.ContactName).NotEmpty().MaximumLength(200);
            RuleFor(x => x.ContactEmail).NotEmpty().Must(EmailAddresses.IsPlain).WithMessage("The contact's email is a plain address, such as jeanne@acme.example.");
            RuleFor(x => x.Interest).NotEmpty().MaximumLength(2000);
            RuleFor(x => x.ApplicationId).NotEmpty();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<PartnerApplication>>
    {
        public async ValueTask<Committed<PartnerApplication>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await command.SendAsync(grains, cancellationToken);
            return result.Rejection is { Code: "duplicate" }
                ? result with
                {
                    Rejection = Rejection.Conflict("duplicate", $"An application for {command.CompanyName.Trim()} is already pending; the network office will answer it."),
                }
                : result;
        }
    }

    /// <summary>
    /// The whole application step, as the API and the web page take it alike: a status token is made (only its hash
    /// is stored), the application is sent, and a stored application's status link is emailed to its contact.
    /// </summary>
    /// <param name="Application">Validated when this step sends it, under the field names a client wrote.</param>
    /// <param name="SiteBase">The scheme, host and path base the applicant used: the link's base unless <c>Smtp:LinkBase</c> is set.</param>
    /// <remarks>Never a request body: the server builds it, so the text rules leave its properties alone (<see cref="JsonIgnoreAttribute"/>).</remarks>
    public sealed record Submission([property: JsonIgnore] Command Application, [property: JsonIgnore] string SiteBase) : ICommand<Submitted>;

    /// <summary>The application as committed (or why it was refused), and the receipt that answers the applicant.</summary>
    public sealed record Submitted(Committed<PartnerApplication> Committed, ApplicationReceipt Receipt);

    public sealed class SubmissionHandler(IMediator mediator, ApplicantMail mail) : ICommandHandler<Submission, Submitted>
    {
        public async ValueTask<Submitted> Handle(Submission submission, CancellationToken cancellationToken)
        {
            var (token, hash) = ApplicationStatusTokens.New();
            var apply = submission.Application with { StatusTokenHash = hash };
            var committed = await mediator.Send(apply, cancellationToken);

            // A retry with the same Idempotency-Key finds the first submission, whose token was answered then: this
            // one was never stored, so it is not shown (as an approval's password is not shown twice).
            var stored = committed is { Rejection: null, Record: { } record } && ApplicationStatusTokens.Matches(record.State.StatusTokenHash, hash);
            var path = stored ? ApplicationStatusTokens.StatusPath(token) : null;
            if (path is not null)
            {
                await mail.QueueStatusLinkAsync(apply.ApplicationId, apply.CompanyName.Trim(), path, new Uri(submission.SiteBase), cancellationToken);
            }

            return new Submitted(committed, new ApplicationReceipt(apply.ApplicationId, ApplicationStatus.Pending, stored ? token : null, path));
        }
    }

    public sealed class Endpoint : IOperationEndpoint<ApplicationChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/", async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> (
                    ApplyAsPartner.Command command, IMediator mediator, Caller caller, HttpRequest request, CancellationToken ct) =>
                {
                    var submitted = await mediator.Send(
                        new Submission(command with { ApplicationId = caller.NewId("application") }, $"{request.Scheme}://{request.Host}{request.PathBase}/"), ct);
                    return submitted.Committed.Rejection is { } refused
                        ? ProblemMapping.ToProblem(refused)
                        : TypedResults.Created($"/api/partner-applications/{submitted.Receipt.Id}", submitted.Receipt);
                })
                .AllowAnonymous() // throttled per address by the anonymous rate limit, like every anonymous call
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithSummary("Apply for your company to become a partner (no sign-in). The answer's Location is your application's reference; statusToken and statusUrl, given only here (and emailed to the contact), open its status page.");
    }
}
