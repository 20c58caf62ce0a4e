using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff replace an organisation's profile (everything but its kind).</summary>
public static class UpdateProfile
{
    public sealed record Command(
        [property: JsonRequired] string Name,
        [property: JsonRequired] string Acronym,
        string? City,
        [property: JsonRequired] string Country,
        IReadOnlyList<string>? Affiliations,
        string? Website) : OrganisationChange, IOrganisationProfile
    {
        public override OrganisationCommand ToDomain() => new UpdateOrganisationProfile(Name, Acronym, City, Country, Affiliations ?? [], Website);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new OrganisationProfileValidator());
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Put, "/{id:guid}/profile",
            "Replace the organisation's profile. Send If-Match with the ETag you read to avoid overwriting someone else's change.");
    }
}
