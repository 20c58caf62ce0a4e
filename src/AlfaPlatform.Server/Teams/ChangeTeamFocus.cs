using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class ChangeTeamFocusOperation
{
    public sealed record Command(IReadOnlyList<string>? FocusAreas) : TeamChange
    {
        public override TeamCommand ToDomain() => new ChangeTeamFocus(FocusAreas!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.FocusAreas).NotNull().Must(f => f is null || f.Count <= 30).WithMessage("At most 30 focus areas.");
            RuleForEach(x => x.FocusAreas).NotEmpty().MaximumLength(100);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Put, "/{id:guid}/focus", "Replace the team's focus areas.");
    }
}
