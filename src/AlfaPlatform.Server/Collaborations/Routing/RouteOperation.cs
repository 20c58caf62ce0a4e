using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>Staff route a request in assessment to an organisation or platform of the network, or to a team.</summary>
public static class RouteOperation
{
    public sealed record Command(Guid? TargetId, [property: MultiLine] string? Reason) : RequestChange
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public RoutingTargetKind TargetKind { get; init; }

        public override RequestCommand ToDomain() => new RouteRequest(TargetId!.Value, Reason!.Trim(), TargetKind);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.TargetId).NotNull().NotEqual(Guid.Empty);
            RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains, ITeamDirectory teams, IOrganisationDirectory organisations) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var target = command.TargetId!.Value;
            RoutingTargetKind? kind =
                await teams.FindAsync(target, cancellationToken) is { IsArchived: false } ? RoutingTargetKind.Team
                : await organisations.FindAsync(target, cancellationToken) is { IsArchived: false, Kind: not OrganisationKind.PartnerCompany }
                    ? RoutingTargetKind.Organisation
                : null;
            return kind is { } found
                ? await (command with { TargetKind = found }).SendAsync(grains)
                : CommandResult.Rejected(Rejection.NotFound("The team or network organisation to route to"), 0);
        }
    }
}
