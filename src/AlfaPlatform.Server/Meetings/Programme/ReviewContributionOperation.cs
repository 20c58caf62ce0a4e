using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>Staff accept or reject a submitted contribution, with a note.</summary>
public static class ReviewContributionOperation
{
    public sealed record Command([property: MultiLine] string? Note = null) : MeetingChange
    {
        [JsonIgnore]
        public Guid ContributionId { get; init; }

        [JsonIgnore]
        public bool Accept { get; init; }

        public override MeetingCommand ToDomain() => new ReviewContribution(ContributionId, Accept, Note);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Note).MaximumLength(2000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}
