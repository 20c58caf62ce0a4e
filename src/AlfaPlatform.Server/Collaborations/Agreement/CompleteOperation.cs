using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class CompleteOperation
{
    public sealed record Command([property: MultiLine] string? OutcomeNote) : RequestChange
    {
        public override RequestCommand ToDomain() => new CompleteRequest(OutcomeNote!.Trim());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.OutcomeNote).NotEmpty().MaximumLength(4000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
