using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>New dates; after publication, kept as a change each registrant is shown.</summary>
public static class RescheduleMeetingOperation
{
    public sealed record Command(DateTime? Start, DateTime? End, string? TimeZone, [property: MultiLine] string? Reason = null) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new RescheduleMeeting(MeetingRules.Time(Start, End, TimeZone), Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.TimeRules(this, x => x.Start, x => x.End, x => x.TimeZone);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
