using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>Whoever submitted or presents a contribution withdraws it; staff may withdraw any.</summary>
public static class WithdrawContributionOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid ContributionId { get; init; }

        public override MeetingCommand ToDomain() => new WithdrawContribution(ContributionId, null, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            Guid? by = access.IsStaff ? null : await access.CallerPersonAsync(cancellationToken) ?? Guid.Empty;
            return await grains.GetGrain<IMeetingGrain>(command.MeetingId)
                .ExecuteAsync(new WithdrawContribution(command.ContributionId, by, command.Reason), command.ExpectedVersion);
        }
    }
}
