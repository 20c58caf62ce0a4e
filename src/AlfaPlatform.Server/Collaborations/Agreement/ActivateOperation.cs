using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class ActivateOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new ActivateRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
