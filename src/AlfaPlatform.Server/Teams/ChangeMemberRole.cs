using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using FluentValidation;
using Mediator;

namespace AlfaPlatform.Server.Teams;

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

    public sealed class Handler(IGrainFactory grains) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await command.SendAsync(grains, cancellationToken);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPut("/{id:guid}/members/{personId:guid}/role", (Guid id, Guid personId, ChangeMemberRoleOperation.Command command, IMediator mediator, TeamAccess access, HttpContext http, CancellationToken ct) =>
                    TeamEndpoints.Change(command with { PersonId = personId, TeamId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, access, http.Response, ct))
                .Produces<TeamResponse>()
                .RequireAuthorization(Policies.StaffOrMember)
                .WithSummary("Change a member's role from a date.");
    }
}
