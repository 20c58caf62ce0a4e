using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The partner submits its draft to the network (its own step, as withdrawing is).</summary>
public static class SubmitOperation
{
    public sealed record Command : RequestChange, IOwnerStep<CollaborationRequest>
    {
        Guid IOwnerStep<CollaborationRequest>.RecordId => RequestId;

        public override RequestCommand ToDomain() => new SubmitRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
