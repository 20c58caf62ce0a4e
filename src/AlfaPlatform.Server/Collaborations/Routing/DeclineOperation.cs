using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class DeclineOperation
{
    public sealed record Command(DeclineReason? Reason, [property: MultiLine] string? Message) : RequestChange
    {
        public override RequestCommand ToDomain() => new DeclineRequest(Reason!.Value, Message!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).NotNull();
            RuleFor(x => x.Message).NotEmpty().MaximumLength(2000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
