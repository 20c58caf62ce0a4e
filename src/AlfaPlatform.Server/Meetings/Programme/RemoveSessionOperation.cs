using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public static class RemoveSessionOperation
{
    public sealed record Command(Guid SessionId) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new RemoveSession(SessionId);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
