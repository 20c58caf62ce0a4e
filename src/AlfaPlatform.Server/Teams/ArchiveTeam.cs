using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class ArchiveTeamOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new ArchiveTeam(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/archive", "Archive a team that has no members left.");
    }
}
