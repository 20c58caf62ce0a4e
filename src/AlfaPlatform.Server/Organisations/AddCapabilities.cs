using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff declare capabilities an organisation offers; declaring one it already has changes nothing.</summary>
public static class AddCapabilities
{
    public sealed record Command(IReadOnlyList<Capability>? Capabilities) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new DeclareCapabilities(Capabilities!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Capabilities).NotEmpty();
            RuleForEach(x => x.Capabilities).IsInEnum();
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
