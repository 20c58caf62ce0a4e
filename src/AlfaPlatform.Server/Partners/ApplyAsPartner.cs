using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
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
        public override PartnerApplicationCommand ToDomain() =>
            new SubmitPartnerApplication(CompanyName, Country, Size, Website, ContactName, ContactEmail, Interest);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.CompanyName).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Country).NotEmpty().IsCountryCode();
            RuleFor(x => x.Size).IsInEnum();
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

    public sealed class Endpoint : IOperationEndpoint<ApplicationChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/", async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> (
                    ApplyAsPartner.Command command, IMediator mediator, Caller caller, CancellationToken ct) =>
                {
                    var apply = command with { ApplicationId = caller.NewId("application") };
                    return await mediator.Send(apply, ct) is { Rejection: { } refused }
                        ? ProblemMapping.ToProblem(refused)
                        : TypedResults.Created($"/api/partner-applications/{apply.ApplicationId}", new ApplicationReceipt(apply.ApplicationId, ApplicationStatus.Pending));
                })
                .AllowAnonymous() // throttled per address by the anonymous rate limit, like every anonymous call
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithSummary("Apply for your company to become a partner (no sign-in). The answer's Location is your application's reference.");
    }
}
