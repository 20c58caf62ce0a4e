using System.Text.Json.Serialization;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

/// <summary>Staff create a team within an active organisation.</summary>
public static class CreateTeamOperation
{
    public sealed record Command([property: JsonRequired] Guid OrganisationId, [property: JsonRequired] string Name, IReadOnlyList<string>? FocusAreas = null) : TeamChange
    {
        public override TeamCommand ToDomain() => new CreateTeam(OrganisationId, Name, FocusAreas ?? []);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            RuleFor(x => x.FocusAreas).Must(f => f is null || f.Count <= 30).WithMessage("At most 30 focus areas.");
            RuleForEach(x => x.FocusAreas).NotEmpty().MaximumLength(100);
        }
    }

    public sealed class Handler(IGrainFactory grains, IQuerySession session) : ICommandHandler<Command, Committed<Team>>
    {
        public async ValueTask<Committed<Team>> Handle(Command command, CancellationToken cancellationToken) =>
            await new OrganisationDirectory(session).FindAsync(command.OrganisationId, cancellationToken) is { IsArchived: false }
                ? await command.SendAsync(grains, cancellationToken)
                : new Committed<Team>(0, Rejection.Conflict("unknown_organisation", "The organisation does not exist or is archived."), null);
    }

    public sealed class Endpoint : IOperationEndpoint<TeamChange>
    {
        public static void Map(RouteGroupBuilder feature) =>
            feature.MapPost("/", async (CreateTeamOperation.Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
                {
                    var create = command with { TeamId = caller.NewId("team") };
                    return await TeamEndpoints.Create(create, mediator, response, $"/api/teams/{create.TeamId}", ct);
                })
                .RequireAuthorization(Policies.Staff)
                .WithSummary("Create a team within an organisation.");
    }
}
