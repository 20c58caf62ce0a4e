using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Organisations;

public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        // Every role reads (a partner only its own organisation); only staff change anything.
        var organisations = app.MapGroup("/api/organisations").WithTags("Organisations").ProducesValidationProblem()
            .RequireAuthorization(Policies.SignedIn);

        organisations.MapGet("/", async ([AsParameters] FindOrganisations.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary("The directory of organisations, filtered and paged; ?asOf=YYYY-MM-DD shows it as it stood then.");

        organisations.MapGet("/{id:guid}", async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> (
                Guid id, Day? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                if (await mediator.Send(new GetOrganisation.Query(id, asOf), ct) is not { } organisation)
                {
                    return ProblemMapping.ToProblem(Rejection.NotFound("The organisation"));
                }

                response.SetETag(organisation.Version);
                return TypedResults.Ok(organisation);
            })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One organisation; ?asOf=YYYY-MM-DD shows it as it stood at the end of that day (UTC).");

        organisations.MapGet("/{id:guid}/history", async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> (
                Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetOrganisationHistory.Query(id), ct) is { } history
                    ? TypedResults.Ok(history)
                    : ProblemMapping.ToProblem(Rejection.NotFound("The organisation")))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every change to the organisation, oldest first: who, when, and what changed.");

        // Each change maps itself from its operation file (its Endpoint): adding one edits no list here.
        organisations.MapOperations<OrganisationChange>();

        return app;
    }

    /// <summary>A change whose body is the command: the route names the organisation, If-Match the version seen.</summary>
    public static RouteHandlerBuilder MapChange<TCommand>(this RouteGroupBuilder organisations, string method, string pattern, string summary)
        where TCommand : OrganisationChange =>
        organisations.MapMethods(pattern, [method], (Guid id, TCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .ProducesChangeProblems()
            .WithSummary(summary);

    /// <summary>Only staff change an organisation; a change can find no record, break a rule or follow a stale read.</summary>
    public static RouteHandlerBuilder ProducesChangeProblems(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization(Policies.Staff)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static TCommand For<TCommand>(this TCommand command, Guid id, HttpContext http) where TCommand : OrganisationChange =>
        command with { OrganisationId = id, ExpectedVersion = http.Request.ExpectedVersion() };

    /// <summary>Sends the change and answers with the organisation as its grain committed it: no second read.</summary>
    public static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> Change(
        OrganisationChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        ChangeResults.Ok(await mediator.Send(command, ct), OrganisationResponse.From, response);
}
