using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>A routed team answers (a member of it, or staff on its behalf): interested with a proposal, or not, with a reason.</summary>
public static class AnswerRoutingOperation
{
    public sealed record Command(
        bool? Interested, [property: MultiLine] string? Approach = null, decimal? IndicativeBudgetEuros = null, [property: MultiLine] string? Timeline = null,
        DeclineReason? NotInterestedBecause = null) : RequestChange, IStaffOrTargetStep<CollaborationRequest>
    {
        Guid IStaffOrTargetStep<CollaborationRequest>.RecordId => RequestId;

        [System.Text.Json.Serialization.JsonIgnore]
        public Guid TargetId { get; init; }

        public override RequestCommand ToDomain() =>
            new AnswerRouting(TargetId, Interested!.Value, Approach?.Trim(), IndicativeBudgetEuros, Timeline?.Trim(), NotInterestedBecause);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Interested).NotNull();
            RuleFor(x => x.Approach).NotEmpty().MaximumLength(4000).When(x => x.Interested == true);
            RuleFor(x => x.Timeline).MaximumLength(500);
            RuleFor(x => x.IndicativeBudgetEuros).GreaterThanOrEqualTo(0);
            RuleFor(x => x.NotInterestedBecause).NotNull().When(x => x.Interested == false);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
