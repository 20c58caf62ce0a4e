using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>A step of the lifecycle that needs no body (publish, open or close registration, held).</summary>
public static class MeetingStepOperation
{
    public sealed record Command : MeetingChange
    {
        [JsonIgnore]
        public MeetingCommand Step { get; init; } = new PublishMeeting();

        public override MeetingCommand ToDomain() => Step;
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
