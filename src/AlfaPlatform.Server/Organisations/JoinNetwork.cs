using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff record the date an organisation joined (or rejoined) the network.</summary>
public static class JoinNetwork
{
    public sealed record Command(DateOnly? On) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new RecordJoinedNetwork(On!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(NetworkDates.Earliest);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
