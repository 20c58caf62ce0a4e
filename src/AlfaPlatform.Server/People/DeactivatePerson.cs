using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.People;

/// <summary>Staff deactivate a person: their history stays, their email is freed.</summary>
public static class DeactivatePersonOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : PersonChange
    {
        public override PersonCommand ToDomain() => new DeactivatePerson(Reason);
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
