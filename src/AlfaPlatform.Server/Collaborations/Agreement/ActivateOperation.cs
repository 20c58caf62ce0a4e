using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;

namespace AlfaPlatform.Server.Collaborations;

public static class ActivateOperation
{
    public sealed record Command : RequestChange
    {
        public override RequestCommand ToDomain() => new ActivateRequest();
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
