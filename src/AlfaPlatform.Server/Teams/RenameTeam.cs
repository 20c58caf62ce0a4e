using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public static class RenameTeamOperation
{
    public sealed record Command(string? Name) : TeamChange
    {
        public override TeamCommand ToDomain() => new RenameTeam(Name!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
