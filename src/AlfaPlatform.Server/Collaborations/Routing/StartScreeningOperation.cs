using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>Staff start screening a submitted request (then accept it into assessment, or decline it with a reason).</summary>
public static class StartScreeningOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new StartScreening();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<CollaborationRequest>>
    {
        public async ValueTask<Committed<CollaborationRequest>> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains, cancellationToken);
    }
}
