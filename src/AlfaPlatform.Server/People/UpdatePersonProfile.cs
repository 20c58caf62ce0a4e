using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>Staff replace a person's profile.</summary>
public static class UpdatePersonProfileOperation
{
    public sealed record Command(
        string? GivenName, string? FamilyName, string? Email, string? Orcid = null, string? Title = null, string? Phone = null,
        Guid? PrimaryAffiliation = null) : PersonChange, IPersonProfile
    {
        public override PersonCommand ToDomain() =>
            new UpdatePersonProfile(GivenName!, FamilyName!, Email!, Orcid, Title, Phone, PrimaryAffiliation);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new PersonProfileValidator());
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
