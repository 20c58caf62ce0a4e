using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>Staff steps on one registration: approve, decline, check in at the venue.</summary>
public static class RegistrationStepOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid RegistrantId { get; init; }

        [JsonIgnore]
        public string Step { get; init; } = "";

        public override MeetingCommand ToDomain() => Step switch
        {
            "approve" => new ApproveRegistration(RegistrantId),
            "decline" => new DeclineRegistration(RegistrantId, Reason),
            "check-in" => new CheckIn(RegistrantId),
            _ => throw new InvalidOperationException($"No registration step {Step}."),
        };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
