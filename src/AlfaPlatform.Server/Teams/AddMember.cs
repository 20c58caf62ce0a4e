using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.People.Contracts;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

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

    public sealed class Handler(IGrainFactory grains, IPeopleDirectory people) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await people.FindAsync(command.PersonId!.Value, cancellationToken) is { IsActive: true }
                ? await command.SendAsync(grains, cancellationToken)
                : new Committed<Team>(0, Rejection.Conflict("unknown_person", "The person does not exist or is deactivated."), null);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) => feature.MapChange<Command>(HttpMethods.Post, "/{id:guid}/members", "Add a member with a role and the date they joined.");
    }
}
