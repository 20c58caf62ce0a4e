using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff withdraw a capability an organisation no longer offers, with an optional reason.</summary>
public static class RemoveCapability
{
    public sealed record Command(Capability Capability, [property: MultiLine] string? Reason) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new WithdrawCapability(Capability, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Capability).IsInEnum();
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
