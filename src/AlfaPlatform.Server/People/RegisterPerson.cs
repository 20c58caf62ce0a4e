using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>Staff register a person known to the network; an email names one active person.</summary>
public static class RegisterPersonOperation
{
    public sealed record Command(
        string? GivenName, string? FamilyName, string? Email, string? Orcid = null, string? Title = null, string? Phone = null,
        Guid? PrimaryAffiliation = null) : PersonChange, IPersonProfile
    {
        public override PersonCommand ToDomain() =>
            new RegisterPerson(GivenName!, FamilyName!, Email!, Orcid, Title, Phone, PrimaryAffiliation);
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
