using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff record the date an organisation joined (or rejoined) the network.</summary>
public static class JoinNetwork
{
    public sealed record Command([property: JsonRequired] DateOnly On) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new RecordJoinedNetwork(On);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.On).GreaterThanOrEqualTo(NetworkDates.Earliest);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/network-membership/join",
            "Record the date the organisation joined (or rejoined) the network.");
    }
}
