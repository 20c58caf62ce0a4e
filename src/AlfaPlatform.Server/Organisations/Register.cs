using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// Staff register an organisation of the network or a partner company (with its size category). The endpoint picks
/// a new id; the seed and the approval of a partner application pass a stable one, so that registering the same
/// organisation again is refused rather than duplicated.
/// </summary>
public static class Register
{
    public sealed record Command(
        [property: JsonRequired] string Name,
        [property: JsonRequired] string Acronym,
        [property: JsonRequired] OrganisationKind Kind,
        string? City,
        [property: JsonRequired] string Country,
        IReadOnlyList<string>? Affiliations,
        string? Website,
        CompanySize? Size = null) : OrganisationChange, IOrganisationProfile
    {
        public override OrganisationCommand ToDomain() =>
            new RegisterOrganisation(Name, Acronym, Kind, City, Country, Affiliations ?? [], Website, Size);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new OrganisationProfileValidator());
            RuleFor(x => x.Kind).IsAChoice();
            RuleFor(x => x.Size).NotNull().When(x => x.Kind == OrganisationKind.PartnerCompany)
                .WithMessage("A partner company is registered with its size category: Sme, MidSize or LargeGroup.");
            RuleFor(x => x.Size).Null().When(x => x.Kind is not OrganisationKind.PartnerCompany)
                .WithMessage("Only partner companies have a size category: leave it out for other kinds.");
            RuleFor(x => x.Size).IsAChoice();
            RuleFor(x => x.OrganisationId).NotEmpty();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapPost("/", async Task<Results<Created<OrganisationResponse>, ProblemHttpResult>> (
                Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
            {
                var register = command with { OrganisationId = caller.NewId("organisation") };
                return ChangeResults.Created(
                    await mediator.Send(register, ct), OrganisationResponse.From, response, $"/api/organisations/{register.OrganisationId}");
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Register an organisation.");
    }
}
