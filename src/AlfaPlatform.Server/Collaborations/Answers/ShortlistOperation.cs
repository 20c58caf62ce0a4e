using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

public static class ShortlistOperation
{
    public sealed record Command(IReadOnlyList<Guid>? TargetIds) : RequestChange
    {
        public override RequestCommand ToDomain() => new Shortlist(TargetIds!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.TargetIds).NotEmpty().Must(t => t is null || t.Count <= 50);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
