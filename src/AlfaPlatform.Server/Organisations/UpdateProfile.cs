using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff replace an organisation's profile (everything but its kind).</summary>
public static class UpdateProfile
{
    public sealed record Command(
        string? Name,
        string? Acronym,
        string? City = null,
        string? Country = null,
        IReadOnlyList<string>? Affiliations = null,
        string? Website = null) : OrganisationChange, IOrganisationProfile
    {
        public override OrganisationCommand ToDomain() => new UpdateOrganisationProfile(Name!, Acronym!, City, Country!, Affiliations ?? [], Website);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new OrganisationProfileValidator());
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
