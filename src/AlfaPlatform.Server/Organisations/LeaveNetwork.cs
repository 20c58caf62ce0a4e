using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff record the date an organisation left the network, and why.</summary>
public static class LeaveNetwork
{
    public sealed record Command(DateOnly? On, [property: MultiLine] string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new RecordLeftNetwork(On!.Value, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(NetworkDates.Earliest);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
