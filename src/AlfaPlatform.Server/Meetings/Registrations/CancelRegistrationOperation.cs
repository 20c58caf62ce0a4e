using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>A registrant cancels their own registration (staff any): the first on the waiting list takes the seat.</summary>
public static class CancelRegistrationOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid RegistrantId { get; init; }

        public override MeetingCommand ToDomain() => new CancelRegistration(RegistrantId, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            return access.IsStaff || await access.CallerRegistrantIdAsync(cancellationToken) == command.RegistrantId
                ? await command.SendAsync(grains)
                : CommandResult.Rejected(Rejection.Forbidden("not_yours", "Only the registrant (or staff) cancels a registration."), 0);
        }
    }
}
