using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Collaborations;

public static class CollaborationEndpoints
{
    public static IEndpointRouteBuilder MapCollaborations(this IEndpointRouteBuilder app)
    {
        // Partners and staff only so far: teams see requests once routing exists. A partner's view is its own company's.
        var requests = app.MapGroup("/api/collaborations").WithTags("Collaborations").ProducesValidationProblem()
            .RequireAuthorization(Policies.StaffOrPartner);

        requests.MapGet("/", async (Named<Domain.Collaborations.RequestState>? state, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FindRequests.Query(state?.Value), ct)))
            .WithSummary("A partner's own requests; for staff, the pipeline (?state=).");
        requests.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetRequest.Query(id), ct), r => r.Version, response, "The request"))
            .WithSummary("One request (its partner and staff).");
        requests.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetRequestHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The request"))
            .WithSummary("The request's full timeline.");

        requests.MapGet("/{id:guid}/suggestions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new RoutingSuggestions.Query(id), ct) is { } suggestions ? TypedResults.Ok(suggestions) : ChangeResults.NotFound("The request"))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Where the request might be routed, best first, each with its reasons (staff).");

        requests.MapPost("/", async (DraftRequestOperation.Command command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var draft = command with { RequestId = Guid.CreateVersion7() };
                return await Create(draft, mediator, response, $"/api/collaborations/{draft.RequestId}", ct);
            })
            .WithSummary("A partner drafts a request for its company.");
        requests.MapChange<UpdateDraftOperation.Command>(HttpMethods.Put, "/{id:guid}/draft", Policies.StaffOrPartner, "The partner saves its draft.");
        requests.MapAction<SubmitOperation.Command>("/{id:guid}/submit", Policies.StaffOrPartner, "The partner submits its request.");
        requests.MapChange<WithdrawOperation.Command>(HttpMethods.Post, "/{id:guid}/withdraw", Policies.StaffOrPartner, "The partner withdraws its request, with a reason.");
        requests.MapAction<StartScreeningOperation.Command>("/{id:guid}/screening", Policies.Staff, "Staff start screening.");
        requests.MapChange<AcceptForAssessmentOperation.Command>(HttpMethods.Post, "/{id:guid}/accept", Policies.Staff, "Staff accept the request into assessment.");
        requests.MapChange<DeclineOperation.Command>(HttpMethods.Post, "/{id:guid}/decline", Policies.Staff, "Staff decline, with a reason code and a message.");

        return app;
    }

    private static void MapChange<TCommand>(this RouteGroupBuilder requests, string method, string pattern, string policy, string summary)
        where TCommand : RequestChange =>
        requests.MapMethods(pattern, [method], (Guid id, TCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command with { RequestId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    /// <summary>A step that needs no body: POST to it, nothing more.</summary>
    private static void MapAction<TCommand>(this RouteGroupBuilder requests, string pattern, string policy, string summary)
        where TCommand : RequestChange, new() =>
        requests.MapPost(pattern, (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(new TCommand { RequestId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static async Task<Results<Ok<RequestResponse>, ProblemHttpResult>> Change(RequestChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        await ChangeResults.OkAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response);

    private static async Task<Results<Created<RequestResponse>, ProblemHttpResult>> Create(RequestChange command, IMediator mediator, HttpResponse response, string location, CancellationToken ct) =>
        await ChangeResults.CreatedAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response, location);

    private static Func<Task<RequestResponse?>> ReadBack(RequestChange command, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetRequest.Query(command.RequestId), ct);
}
