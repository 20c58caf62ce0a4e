using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>Staff start screening a submitted request (then accept it into assessment, or decline it with a reason).</summary>
public static class StartScreeningOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new StartScreening();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
