using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// Register: members and partner people themselves; staff register a person of the directory (personId), without the
/// approval step. Past capacity the registration joins the waiting list: that is an answer, not an error.
/// </summary>
public static class RegisterOperation
{
    public sealed record Command(Guid? PersonId = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Registrant? Registrant { get; init; }

        [JsonIgnore]
        public bool ByStaff { get; init; }

        public override MeetingCommand ToDomain() => new Register(Registrant!, ByStaff);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var me = await access.CallerRegistrantIdAsync(cancellationToken);
            var forSomeoneElse = command.PersonId is { } person && person != me;
            if (forSomeoneElse && !access.IsStaff)
            {
                return CommandResult.Rejected(Rejection.Forbidden("staff_only", "Only staff register someone else."), 0);
            }

            var registrant = forSomeoneElse
                ? await access.PersonAsRegistrantAsync(command.PersonId!.Value, cancellationToken)
                : await access.CallerAsRegistrantAsync(cancellationToken);
            return registrant.Rejection is { } refused
                ? CommandResult.Rejected(refused, 0)
                : await (command with { Registrant = registrant.Value, ByStaff = access.IsStaff }).SendAsync(grains);
        }
    }
}
