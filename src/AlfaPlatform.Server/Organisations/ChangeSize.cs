using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Organisations;

/// <summary>Staff change a partner company's size category, with an optional reason; the change is kept in its history.</summary>
public static class ChangeSize
{
    public sealed record Command(CompanySize? Size, [property: MultiLine] string? Reason = null) : OrganisationChange
    {
        public override OrganisationCommand ToDomain() => new ChangeCompanySize(Size!.Value, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Size).NotNull().IsInEnum();
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains);
    }
}
