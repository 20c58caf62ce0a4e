using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// Staff register an organisation of the network or a partner company (with its size category). The endpoint picks
/// a new id; the seed and the approval of a partner application pass a stable one, so that registering the same
/// organisation again is refused rather than duplicated.
/// </summary>
public static class Register
{
    public sealed record Command(
        string? Name,
        string? Acronym,
        OrganisationKind? Kind,
        string? City = null,
        string? Country = null,
        IReadOnlyList<string>? Affiliations = null,
        string? Website = null,
        CompanySize? Size = null) : OrganisationChange, IOrganisationProfile
    {
        public override OrganisationCommand ToDomain() =>
            new RegisterOrganisation(Name!, Acronym!, Kind!.Value, City, Country!, Affiliations ?? [], Website, Size);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new OrganisationProfileValidator());
            RuleFor(x => x.Kind).NotNull().IsInEnum();
            RuleFor(x => x.Size).NotNull().When(x => x.Kind == OrganisationKind.PartnerCompany)
                .WithMessage("A partner company is registered with its size category: Sme, MidSize or LargeGroup.");
            RuleFor(x => x.Size).Null().When(x => x.Kind is not null and not OrganisationKind.PartnerCompany)
                .WithMessage("Only partner companies have a size category: leave it out for other kinds.");
            RuleFor(x => x.Size).IsInEnum();
            RuleFor(x => x.OrganisationId).NotEmpty();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
