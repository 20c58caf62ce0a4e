using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>The lead passes to another member; the former lead keeps a role of their own.</summary>
public static class HandLeadOperation
{
    public sealed record Command(Guid? ToPersonId, TeamRole? FormerLeadRole, DateOnly? On, string? FormerLeadRoleLabel = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new HandLead(ToPersonId!.Value, FormerLeadRole!.Value, FormerLeadRoleLabel, On!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.ToPersonId).NotNull();
            RuleFor(x => x.FormerLeadRole).NotNull();
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/lead", "Hand the lead to another member.");
    }
}
