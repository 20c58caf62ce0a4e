using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

public static class ChangeMeetingDetailsOperation
{
    public sealed record Command(
        string? Title, MeetingKind? Kind, [property: MultiLine] string? Description = null, IReadOnlyList<Guid>? Organisers = null, IReadOnlyList<Chair>? Chairs = null,
        int? Capacity = null, DateOnly? RegistrationOpensOn = null, DateOnly? RegistrationClosesOn = null, MeetingVisibility? Visibility = null,
        bool? RequiresApproval = null) : MeetingChange, IMeetingDetailsBody
    {
        public override MeetingCommand ToDomain() => new ChangeMeetingDetails(MeetingRules.Details(this));
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.DetailsRules(this);

            // The details are replaced as a whole: a visibility left out is not silently made public.
            RuleFor(x => x.Visibility).NotNull().WithMessage("visibility is Public or MembersOnly: say which (it is not assumed).");
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await MeetingRules.UnknownOrganisersAsync(session, command.Organisers, cancellationToken) is { } refused
                ? CommandResult.Rejected(refused, 0)
                : await command.SendAsync(grains);
    }
}
