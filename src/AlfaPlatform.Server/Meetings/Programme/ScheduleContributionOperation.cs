using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public static class ScheduleContributionOperation
{
    public sealed record Command(Guid? SessionId) : MeetingChange
    {
        [JsonIgnore]
        public Guid ContributionId { get; init; }

        public override MeetingCommand ToDomain() => new ScheduleContribution(ContributionId, SessionId!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.SessionId).NotNull();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
