using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The partner chooses one of the shortlisted proposals.</summary>
public static class SelectProposalOperation
{
    public sealed record Command(Guid? TargetId) : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new SelectProposal(TargetId!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.TargetId).NotNull();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
