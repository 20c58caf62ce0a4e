using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff declare capabilities an organisation offers; declaring one it already has changes nothing.</summary>
public static class AddCapabilities
{
    public sealed record Command([property: JsonRequired] IReadOnlyList<Capability> Capabilities) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new DeclareCapabilities(Capabilities);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Capabilities).NotEmpty();
            RuleForEach(x => x.Capabilities).IsAChoice();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/capabilities",
            "Declare capabilities the organisation offers.");
    }
}
