using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using AlfaPlatform.Server.Infrastructure.Security;

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

        organisations.MapPost("/", async Task<Results<Created<OrganisationResponse>, ProblemHttpResult>> (
                Register.Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
            {
                var register = command with { OrganisationId = caller.NewId("organisation") };
                return await ChangeResults.CreatedAsync(
                    await mediator.Send(register, ct), ReadBack(register, mediator, ct), o => o.Version, response, $"/api/organisations/{register.OrganisationId}");
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Register an organisation.");

        organisations.MapChange<UpdateProfile.Command>(HttpMethods.Put, "/{id:guid}/profile",
            "Replace the organisation's profile. Send If-Match with the ETag you read to avoid overwriting someone else's change.");
        organisations.MapChange<ChangeSize.Command>(HttpMethods.Put, "/{id:guid}/size",
            "Change a partner company's size category (Sme, MidSize, LargeGroup), with an optional reason.");
        organisations.MapChange<AddCapabilities.Command>(HttpMethods.Post, "/{id:guid}/capabilities",
            "Declare capabilities the organisation offers.");
        organisations.MapChange<JoinNetwork.Command>(HttpMethods.Post, "/{id:guid}/network-membership/join",
            "Record the date the organisation joined (or rejoined) the network.");
        organisations.MapChange<LeaveNetwork.Command>(HttpMethods.Post, "/{id:guid}/network-membership/leave",
            "Record the date the organisation left the network, and why.");
        organisations.MapChange<Archive.Command>(HttpMethods.Post, "/{id:guid}/archive",
            "Archive the organisation: it keeps its history, frees its acronym and accepts no further change.");

        organisations.MapDelete("/{id:guid}/capabilities/{capability}", (Guid id, Named<Capability> capability, string? reason, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(new RemoveCapability.Command(capability.Value, reason).For(id, http), mediator, http.Response, ct))
            .ProducesChangeProblems()
            .WithSummary("Withdraw a capability, with an optional ?reason=.");

        return app;
    }

    /// <summary>A change whose body is the command: the route names the organisation, If-Match the version seen.</summary>
    private static void MapChange<TCommand>(this RouteGroupBuilder organisations, string method, string pattern, string summary)
        where TCommand : OrganisationChange =>
        organisations.MapMethods(pattern, [method], (Guid id, TCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command.For(id, http), mediator, http.Response, ct))
            .ProducesChangeProblems()
            .WithSummary(summary);

    private static RouteHandlerBuilder ProducesChangeProblems(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization(Policies.Staff)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static TCommand For<TCommand>(this TCommand command, Guid id, HttpContext http) where TCommand : OrganisationChange =>
        command with { OrganisationId = id, ExpectedVersion = http.Request.ExpectedVersion() };

    private static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> Change(
        OrganisationChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        await ChangeResults.OkAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), o => o.Version, response);

    private static Func<Task<OrganisationResponse?>> ReadBack(OrganisationChange command, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetOrganisation.Query(command.OrganisationId), ct);
}
