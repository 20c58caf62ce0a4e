using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
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

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Meeting>>
    {
        public async ValueTask<Committed<Meeting>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }
}
