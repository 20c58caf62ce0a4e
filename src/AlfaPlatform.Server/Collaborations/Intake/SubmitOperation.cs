using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>The partner's own steps: submit, withdraw.</summary>
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
