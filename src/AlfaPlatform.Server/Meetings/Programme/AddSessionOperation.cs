using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public static class AddSessionOperation
{
    public sealed record Command(string? Title, SessionKind? Kind, DateTime? Start, DateTime? End, string? Room = null, IReadOnlyList<Chair>? Chairs = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid SessionId { get; init; }

        public override MeetingCommand ToDomain() => new AddSession(
            SessionId, Title!, Kind!.Value, DateTime.SpecifyKind(Start!.Value, DateTimeKind.Unspecified), DateTime.SpecifyKind(End!.Value, DateTimeKind.Unspecified),
            Room, Chairs ?? []);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
            RuleFor(x => x.Kind).NotNull();
            RuleFor(x => x.Start).NotNull().Must(s => s is null || s.Value.Kind == DateTimeKind.Unspecified).WithMessage("start is a local date-time, in the meeting's time zone.");
            RuleFor(x => x.End).NotNull().Must(s => s is null || s.Value.Kind == DateTimeKind.Unspecified).WithMessage("end is a local date-time, in the meeting's time zone.");
            RuleFor(x => x.End).GreaterThan(x => x.Start).When(x => x.Start is not null && x.End is not null).WithMessage("end comes after start.");
            RuleFor(x => x.Room).MaximumLength(200);
            RuleFor(x => x.Chairs).Must(c => c is null || c.Count <= 20).WithMessage("At most 20 chairs.");
            RuleForEach(x => x.Chairs).NotNull().WithMessage("A chair is {\"name\": …}, with an optional personId.")
                .ChildRules(chair => chair.RuleFor(c => c.Name).NotEmpty().MaximumLength(200));
        }
    }

    /// <summary>The session's times are local to the meeting's zone: a time the clocks skip there is a 400 naming the field.</summary>
    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<Meeting>>(command.MeetingId, cancellationToken) is { State.Time.TimeZone: var zone } && MeetingTime.IsKnownZone(zone))
            {
                var skipped = new Dictionary<string, string[]>();
                foreach (var (field, value) in new[] { ("start", command.Start!.Value), ("end", command.End!.Value) })
                {
                    if (!MeetingTime.Exists(value, zone))
                    {
                        skipped[field] = [$"This local time does not exist in {zone} (the clocks skip it)."];
                    }
                }

                if (skipped.Count > 0)
                {
                    throw new RequestValidationException(skipped);
                }
            }

            return await command.SendAsync(grains);
        }
    }
}
