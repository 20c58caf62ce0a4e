using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>A new venue, or online; after publication, kept as a change each registrant is shown.</summary>
public static class MoveMeetingOperation
{
    public sealed record Command(Venue? Venue, bool? Online = null, string? OnlineUrl = null, [property: MultiLine] string? Reason = null) : MeetingChange
    {
        public override MeetingCommand ToDomain() => new MoveMeeting(MeetingRules.Place(Venue, Online, OnlineUrl), Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            MeetingRules.PlaceRules(this, x => x.Venue, x => x.Online, x => x.OnlineUrl);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
