using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Organisations;

public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        var organisations = app.MapGroup("/api/organisations").WithTags("Organisations").ProducesValidationProblem();

        organisations.MapGet("/", async ([AsParameters] FindOrganisations.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary("The directory of organisations, filtered and paged; ?asOf=YYYY-MM-DD shows it as it stood then.");

        organisations.MapGet("/{id:guid}", async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> (
                Guid id, DateOnly? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                if (await mediator.Send(new GetOrganisation.Query(id, asOf), ct) is not { } organisation)
                {
                    return ProblemMapping.ToProblem(Rejection.NotFound("The organisation"));
                }

                response.SetETag(organisation.Version);
                return TypedResults.Ok(organisation);
            })
            .WithSummary("One organisation; ?asOf=YYYY-MM-DD shows it as it stood at the end of that day (UTC).");

        organisations.MapGet("/{id:guid}/history", async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> (
                Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetOrganisationHistory.Query(id), ct) is { } history
                    ? TypedResults.Ok(history)
                    : ProblemMapping.ToProblem(Rejection.NotFound("The organisation")))
            .WithSummary("Every change to the organisation, oldest first: who, when, and what changed.");

        organisations.MapPost("/", (Register.Command command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                Change(command with { OrganisationId = Guid.CreateVersion7() }, mediator, response, ct, created: true))
            .WithSummary("Register an organisation.");

        organisations.MapPut("/{id:guid}/profile", (Guid id, UpdateProfile.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .WithSummary("Replace the organisation's profile. Send If-Match with the ETag you read to avoid overwriting someone else's change.");

        organisations.MapPost("/{id:guid}/capabilities", (Guid id, AddCapabilities.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .WithSummary("Declare capabilities the organisation offers.");

        organisations.MapDelete("/{id:guid}/capabilities/{capability}", (Guid id, Capability capability, string? reason, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(new RemoveCapability.Command(capability, reason).For(id, http), mediator, http.Response, ct))
            .WithSummary("Withdraw a capability, with an optional ?reason=.");

        organisations.MapPost("/{id:guid}/network-membership/join", (Guid id, JoinNetwork.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .WithSummary("Record the date the organisation joined (or rejoined) the network.");

        organisations.MapPost("/{id:guid}/network-membership/leave", (Guid id, LeaveNetwork.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .WithSummary("Record the date the organisation left the network, and why.");

        organisations.MapPost("/{id:guid}/archive", (Guid id, Archive.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .WithSummary("Archive the organisation: it keeps its history, frees its acronym and accepts no further change.");

        return app;
    }

    private static TCommand For<TCommand>(this TCommand command, Guid id, HttpContext http) where TCommand : OrganisationChange =>
        command with { OrganisationId = id, ExpectedVersion = http.Request.ExpectedVersion() };

    /// <summary>Sends a change; answers with the organisation as it now is and its new ETag, or with why it was refused.</summary>
    private static async Task<Results<Ok<OrganisationResponse>, Created<OrganisationResponse>, ProblemHttpResult>> Change(
        OrganisationChange command, IMediator mediator, HttpResponse response, CancellationToken ct, bool created = false)
    {
        var result = await mediator.Send(command, ct);
        if (result.Rejection is { } rejection)
        {
            return ProblemMapping.ToProblem(rejection);
        }

        var organisation = await mediator.Send(new GetOrganisation.Query(command.OrganisationId), ct)
            ?? throw new InvalidOperationException($"Organisation {command.OrganisationId} accepted a change but has no record.");
        response.SetETag(organisation.Version);
        return created
            ? TypedResults.Created($"/api/organisations/{organisation.Id}", organisation)
            : TypedResults.Ok(organisation);
    }
}
