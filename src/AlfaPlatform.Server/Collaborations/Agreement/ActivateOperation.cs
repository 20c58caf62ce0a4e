using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class ActivateOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new ActivateRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<CollaborationRequest>>
    {
        public async ValueTask<Committed<CollaborationRequest>> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains, cancellationToken);
    }
}
