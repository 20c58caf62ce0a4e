using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff archive an organisation: it stays in history, frees its acronym and accepts no further change.</summary>
public static class Archive
{
    public sealed record Command([property: MultiLine] string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new ArchiveOrganisation(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
