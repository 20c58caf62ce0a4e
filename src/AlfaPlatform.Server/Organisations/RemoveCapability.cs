using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff withdraw a capability an organisation no longer offers, with an optional reason.</summary>
public static class RemoveCapability
{
    public sealed record Command(Capability Capability, [property: MultiLine] string? Reason) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new WithdrawCapability(Capability, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Capability).IsAChoice();
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Organisation>>
    {
        public async ValueTask<Committed<Organisation>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    /// <summary>The capability is in the route and the reason in the query string: a DELETE carries no body.</summary>
    public sealed class Endpoint : IOperationEndpoint<OrganisationChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapDelete("/{id:guid}/capabilities/{capability}",
                (Guid id, Named<Capability> capability, string? reason, IMediator mediator, HttpContext http, CancellationToken ct) =>
                    OrganisationEndpoints.Change(new Command(capability.Value, reason).For(id, http), mediator, http.Response, ct))
            .ProducesChangeProblems()
            .WithSummary("Withdraw a capability, with an optional ?reason=.");
    }
}
