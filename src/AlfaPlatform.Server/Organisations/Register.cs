using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// Staff register an organisation of the network or a partner company. The endpoint picks a new id; the seed
/// passes a stable one, so that registering the same organisation again is refused rather than duplicated.
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
        string? Website = null) : OrganisationChange, IOrganisationProfile
    {
        public override OrganisationCommand ToDomain() =>
            new RegisterOrganisation(Name!, Acronym!, Kind!.Value, City, Country!, Affiliations ?? [], Website);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            Include(new OrganisationProfileValidator());
            RuleFor(x => x.Kind).NotNull().IsInEnum();
            RuleFor(x => x.OrganisationId).NotEmpty();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
