using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>Staff create a meeting, as a draft.</summary>
public static class CreateMeetingOperation
{
    public sealed record Command(
        string? Title, MeetingKind? Kind, DateTime? Start, DateTime? End, string? TimeZone, Venue? Venue = null, bool? Online = null,
        string? OnlineUrl = null, [property: MultiLine] string? Description = null, IReadOnlyList<Guid>? Organisers = null, IReadOnlyList<Chair>? Chairs = null,
        int? Capacity = null, DateOnly? RegistrationOpensOn = null, DateOnly? RegistrationClosesOn = null, MeetingVisibility? Visibility = null,
        bool? RequiresApproval = null) : MeetingChange, IMeetingDetailsBody
    {
        public override MeetingCommand ToDomain() =>
            new CreateMeeting(MeetingRules.Details(this), MeetingRules.Time(Start, End, TimeZone), MeetingRules.Place(Venue, Online, OnlineUrl));
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.DetailsRules(this);
            MeetingRules.TimeRules(this, x => x.Start, x => x.End, x => x.TimeZone);
            MeetingRules.PlaceRules(this, x => x.Venue, x => x.Online, x => x.OnlineUrl);
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
