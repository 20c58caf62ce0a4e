using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff record the date an organisation left the network, and why.</summary>
public static class LeaveNetwork
{
    public sealed record Command([property: JsonRequired] DateOnly On, [property: MultiLine] string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new RecordLeftNetwork(On, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.On).GreaterThanOrEqualTo(NetworkDates.Earliest);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/network-membership/leave",
            "Record the date the organisation left the network, and why.");
    }
}
