using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>Staff create a team within an active organisation.</summary>
public static class CreateTeamOperation
{
    public sealed record Command(Guid? OrganisationId, string? Name, IReadOnlyList<string>? FocusAreas = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new CreateTeam(OrganisationId!.Value, Name!, FocusAreas ?? []);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.OrganisationId).NotNull();
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.FocusAreas).Must(f => f is null || f.Count <= 30).WithMessage("At most 30 focus areas.");
            RuleForEach(x => x.FocusAreas).NotEmpty().MaximumLength(100);
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await new OrganisationDirectory(session).FindAsync(command.OrganisationId!.Value, cancellationToken) is { IsArchived: false }
                ? await command.SendAsync(grains)
                : CommandResult.Rejected(Rejection.Conflict("unknown_organisation", "The organisation does not exist or is archived."), 0);
    }
}
