using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams.Contracts;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>A member submits a contribution (presented by themselves unless they name a presenter); staff for anyone.</summary>
public static class SubmitContributionOperation
{
    public sealed record Command(string? Title, [property: MultiLine] string? Abstract, Guid? PresenterId = null, IReadOnlyList<string>? Authors = null, Guid? TeamId = null) : MeetingChange, IVisibleRecordStep<Meeting>
    {
        Guid IVisibleRecordStep<Meeting>.RecordId => MeetingId;

        [JsonIgnore]
        public Guid ContributionId { get; init; }

        [JsonIgnore]
        public Guid SubmittedBy { get; init; }

        public override MeetingCommand ToDomain() => new SubmitContribution(ContributionId, Title!, Abstract!, PresenterId!.Value, Authors ?? [], TeamId, SubmittedBy);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
            RuleFor(x => x.Abstract).NotEmpty().MaximumLength(10_000);
            RuleFor(x => x.Authors).Must(a => a is null || a.Count <= 100).WithMessage("At most 100 authors.");
            RuleForEach(x => x.Authors).NotEmpty().MaximumLength(200);
        }
    }

    public sealed class Handler(IGrainFactory grains, MeetingAccess access, ITeamDirectory teams) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var me = await access.CallerPersonAsync(cancellationToken);
            if (!access.IsStaff && me is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("no_linked_person", "Your account is not linked to a person of the directory: ask staff to link it."), 0);
            }

            var presenter = command.PresenterId ?? me;
            if (presenter is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("presenter_required", "Name the presenting person (presenterId)."), 0);
            }

            if (await access.PersonAsRegistrantAsync(presenter.Value, cancellationToken) is { Rejection: { } unknown })
            {
                return CommandResult.Rejected(unknown, 0);
            }

            if (command.TeamId is { } team && await teams.FindAsync(team, cancellationToken) is null)
            {
                return CommandResult.Rejected(Rejection.Conflict("unknown_team", "The team does not exist."), 0);
            }

            return await (command with { PresenterId = presenter, SubmittedBy = me ?? presenter.Value }).SendAsync(grains);
        }
    }
}
