using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Teams.Contracts;

namespace AlfaPlatform.Server.Collaborations;

public static class AcceptForAssessmentOperation
{
    public sealed record Command([property: MultiLine] string? Note = null) : RequestChange
    {
        public override RequestCommand ToDomain() => new AcceptForAssessment(Note);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Note).MaximumLength(2000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
