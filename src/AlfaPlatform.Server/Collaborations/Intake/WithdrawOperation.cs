using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class WithdrawOperation
{
    public sealed record Command([property: MultiLine] string? Reason) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new WithdrawRequest(Reason!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
