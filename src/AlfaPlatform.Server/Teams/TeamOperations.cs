using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;
using Marten;
using Mediator;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.People.Contracts;

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

public static class ChangeTeamFocusOperation
{
    public sealed record Command(IReadOnlyList<string>? FocusAreas) : TeamChange
    {
        public override TeamCommand ToDomain() => new ChangeTeamFocus(FocusAreas!);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.FocusAreas).NotNull().Must(f => f is null || f.Count <= 30).WithMessage("At most 30 focus areas.");
            RuleForEach(x => x.FocusAreas).NotEmpty().MaximumLength(100);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class ArchiveTeamOperation
{
    public sealed record Command([property: MultiLine] string? Reason = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new ArchiveTeam(Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(x => x.Reason).MaximumLength(1000);
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>Staff add an active person to a team, with a role and the date they joined.</summary>
public static class AddMemberOperation
{
    public sealed record Command(Guid? PersonId, TeamRole? Role, DateOnly? On, string? RoleLabel = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new AddMember(PersonId!.Value, Role!.Value, RoleLabel, On!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.PersonId).NotNull();
            RuleFor(x => x.Role).NotNull();
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
            RuleFor(x => x.RoleLabel).NotEmpty().MaximumLength(100).When(x => x.Role == TeamRole.Other)
                .WithMessage("The role 'Other' names itself with a label.");
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) =>
            await new PeopleDirectory(session).FindAsync(command.PersonId!.Value, cancellationToken) is { IsActive: true }
                ? await command.SendAsync(grains)
                : CommandResult.Rejected(Rejection.Conflict("unknown_person", "The person does not exist or is deactivated."), 0);
    }
}

public static class ChangeMemberRoleOperation
{
    public sealed record Command(TeamRole? Role, DateOnly? On, string? RoleLabel = null) : TeamChange
    {
        [JsonIgnore]
        public Guid PersonId { get; init; }

        public override TeamCommand ToDomain() => new ChangeMemberRole(PersonId, Role!.Value, RoleLabel, On!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Role).NotNull();
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
            RuleFor(x => x.RoleLabel).NotEmpty().MaximumLength(100).When(x => x.Role == TeamRole.Other)
                .WithMessage("The role 'Other' names itself with a label.");
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class RecordMemberLeftOperation
{
    public sealed record Command(DateOnly? On, [property: MultiLine] string? Reason = null) : TeamChange
    {
        [JsonIgnore]
        public Guid PersonId { get; init; }

        public override TeamCommand ToDomain() => new RecordMemberLeft(PersonId, On!.Value, Reason);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
            RuleFor(x => x.Reason).MaximumLength(1000);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

/// <summary>The lead passes to another member; the former lead keeps a role of their own.</summary>
public static class HandLeadOperation
{
    public sealed record Command(Guid? ToPersonId, TeamRole? FormerLeadRole, DateOnly? On, string? FormerLeadRoleLabel = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new HandLead(ToPersonId!.Value, FormerLeadRole!.Value, FormerLeadRoleLabel, On!.Value);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.ToPersonId).NotNull();
            RuleFor(x => x.FormerLeadRole).NotNull();
            RuleFor(x => x.On).NotNull().GreaterThanOrEqualTo(TeamDates.Earliest);
        }
    }

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, CommandResult>
    {
        public async ValueTask<CommandResult> Handle(Command command, CancellationToken cancellationToken) => await command.SendAsync(grains);
    }
}

public static class TeamDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
}
