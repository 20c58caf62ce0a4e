using System.Text.Json.Serialization;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>Staff register a person known to the network; an email names one active person.</summary>
public static class RegisterPersonOperation
{
    public sealed record Command(
        [property: JsonRequired] string GivenName,
        [property: JsonRequired] string FamilyName,
        [property: JsonRequired] string Email,
        string? Orcid = null, string? Title = null, string? Phone = null,
        Guid? PrimaryAffiliation = null) : PersonChange, IPersonProfile
    {
        public override PersonCommand ToDomain() =>
            new RegisterPerson(GivenName, FamilyName, Email, Orcid, Title, Phone, PrimaryAffiliation);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new PersonProfileValidator());
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Person>>
    {
        public async ValueTask<Committed<Person>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }
}
