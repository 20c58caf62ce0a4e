using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>
/// Staff reinstate an organisation archived by mistake: it reclaims its acronym (409 if another active organisation
/// took it meanwhile) and accepts changes again. One that is not archived is refused (409).
/// </summary>
public static class Reinstate
{
    public sealed record Command(string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new ReinstateOrganisation(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/reinstate",
            "Reinstate an organisation archived by mistake: it reclaims its acronym (409 if another active organisation holds it).");
    }
}
