using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class RenameTeamOperation
{
    public sealed record Command(string? Name) : TeamChange
    {
        public override TeamCommand ToDomain() => new RenameTeam(Name!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Put, "/{id:guid}/name", "Rename the team.");
    }
}
