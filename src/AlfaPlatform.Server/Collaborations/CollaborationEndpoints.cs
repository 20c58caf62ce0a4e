using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Collaborations;

public static class CollaborationEndpoints
{
    public static IEndpointRouteBuilder MapCollaborations(this IEndpointRouteBuilder app)
    {
        // Every route checks per request who the caller is to it: its partner, staff, or a member of a routed team.
        // To anyone else a request does not exist (404), whatever its id.
        var requests = app.MapGroup("/api/collaborations").WithTags("Collaborations").ProducesValidationProblem()
            .RequireAuthorization(Policies.RequestParties)
            .WithMetadata(new ReplayByReading(ReadAgainAsync));

        requests.MapGet("/", async ([AsParameters] FindRequests.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary("The requests the caller is party to: a partner's own, a member's team inbox, the staff pipeline (?state=&overdue=&text=&asOf=).");
        requests.MapGet("/inbox", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new MyInboxes.Query(), ct)))
            .RequireAuthorization(Policies.StaffOrMember)
            .WithSummary("The inboxes the caller speaks for: a member's teams and their organisations, by name (none for staff, who open any).");
        requests.MapGet("/inbox/{targetId:guid}", async (Guid targetId, [AsParameters] FindRequests.Query query, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetInbox.Query(targetId, query), ct) is { } inbox ? TypedResults.Ok(inbox) : ChangeResults.NotFound("The inbox"))
            .Produces<Page<RequestResponse>>()
            .RequireAuthorization(Policies.StaffOrMember)
            .WithSummary("One team's (or organisation's) inbox: the requests routed to it (its members and staff).");
        requests.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetRequest.Query(id), ct), r => r.Version, response, "The request"))
            .Produces<RequestResponse>()
            .WithSummary("One request, as the caller's part in it allows.");
        requests.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetRequestHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The request"))
            .Produces<IReadOnlyList<Infrastructure.EventSourcing.HistoryEntry>>()
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithSummary("The request's timeline (staff: every step; its partner: all but the network's internal routing).");
        requests.MapPost("/{id:guid}/confidential", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new OpenConfidentialDetails.Command(id), ct), details =>
                {
                    response.Headers.CacheControl = "no-store";
                    return TypedResults.Ok(details);
                }))
            .Produces<ConfidentialDetailsResponse>()
            .WithSummary("Open the confidential details: recorded in the request's access log unless the caller is its partner.");
        requests.MapGet("/{id:guid}/access-log", async (Guid id, IMediator mediator, CancellationToken ct) =>
                ProblemMapping.Respond(await mediator.Send(new GetAccessLog.Query(id), ct), log => TypedResults.Ok(log)))
            .Produces<IReadOnlyList<ConfidentialRead>>()
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithSummary("Who opened the confidential details, when, in which role (its partner and staff).");
        requests.MapGet("/{id:guid}/suggestions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new RoutingSuggestions.Query(id), ct) is { } suggestions ? TypedResults.Ok(suggestions) : ChangeResults.NotFound("The request"))
            .Produces<IReadOnlyList<RoutingSuggestions.Suggestion>>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Where the request might be routed, best first, each with its reasons (staff).");
        requests.MapGet("/{id:guid}/messages", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetMessages.Query(id), ct) is { } messages ? TypedResults.Ok(messages) : ChangeResults.NotFound("The request"))
            .Produces<IReadOnlyList<MessageResponse>>()
            .WithSummary("The conversation: partner and staff; a shortlisted team from the shortlist on.");
        // With an Idempotency-Key the message's id comes from the key: a retry that runs again is refused as a duplicate.
        requests.MapPost("/{id:guid}/messages", async (Guid id, PostMessageOperation.Command command, IMediator mediator, Caller caller, HttpContext http, CancellationToken ct) =>
                await Change(command with
                {
                    RequestId = id,
                    MessageId = caller.NewId("message"),
                }, mediator, http.Response, ct))
            .WithMetadata(new Versioning.IgnoresIfMatch())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Post a message to the conversation.");

        requests.MapPost("/", async (DraftRequestOperation.Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
            {
                var draft = command with { RequestId = caller.NewId("request") };
                return await Create(draft, mediator, response, $"/api/collaborations/{draft.RequestId}", ct);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithSummary("A partner drafts a request for its company.");
        requests.MapChange<UpdateDraftOperation.Command>(HttpMethods.Put, "/{id:guid}/draft", Policies.StaffOrPartner, "The partner saves its draft.");
        requests.MapAction<SubmitOperation.Command>("/{id:guid}/submit", Policies.StaffOrPartner, "The partner submits its request.");
        requests.MapChange<WithdrawOperation.Command>(HttpMethods.Post, "/{id:guid}/withdraw", Policies.StaffOrPartner, "The partner withdraws its request, with a reason.");
        requests.MapAction<StartScreeningOperation.Command>("/{id:guid}/screening", Policies.Staff, "Staff start screening.");
        requests.MapChange<AcceptForAssessmentOperation.Command>(HttpMethods.Post, "/{id:guid}/accept", Policies.Staff, "Staff accept the request into assessment.");
        requests.MapChange<DeclineOperation.Command>(HttpMethods.Post, "/{id:guid}/decline", Policies.Staff, "Staff decline, with a reason code and a message.");
        requests.MapChange<RouteOperation.Command>(HttpMethods.Post, "/{id:guid}/routings", Policies.Staff, "Staff route the request to a team or a network organisation.");
        requests.MapPost("/{id:guid}/routings/{targetId:guid}/answer", async (Guid id, Guid targetId, AnswerRoutingOperation.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                await Change(command with { RequestId = id, TargetId = targetId, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(Policies.StaffOrMember)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A routed team answers: interested with a proposal, or not, with a reason.");
        requests.MapChange<ShortlistOperation.Command>(HttpMethods.Post, "/{id:guid}/shortlist", Policies.Staff, "Staff shortlist interested proposals.");
        requests.MapChange<SelectProposalOperation.Command>(HttpMethods.Post, "/{id:guid}/select", Policies.StaffOrPartner, "The partner selects a shortlisted proposal.");
        requests.MapChange<RecordAgreementOperation.Command>(HttpMethods.Post, "/{id:guid}/agreements", Policies.Staff, "Staff record a signed agreement.");
        requests.MapAction<ActivateOperation.Command>("/{id:guid}/activate", Policies.Staff, "Staff start the collaboration (an agreement is recorded).");
        requests.MapChange<CompleteOperation.Command>(HttpMethods.Post, "/{id:guid}/complete", Policies.Staff, "Staff complete it, with an outcome note.");
        requests.MapChange<RateSatisfactionOperation.Command>(HttpMethods.Post, "/{id:guid}/satisfaction", Policies.StaffOrPartner, "The partner rates its satisfaction (1 to 5).");

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
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static async Task<Results<Ok<RequestResponse>, ProblemHttpResult>> Change(RequestChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        await ChangeResults.OkAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response);

    private static async Task<Results<Created<RequestResponse>, ProblemHttpResult>> Create(RequestChange command, IMediator mediator, HttpResponse response, string location, CancellationToken ct) =>
        await ChangeResults.CreatedAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response, location);

    /// <summary>
    /// An Idempotency-Key's replay answers the request as the caller sees it now: a change's answer may hold the
    /// confidential details, so it is not kept (the request is the route's id, or the created one's Location).
    /// </summary>
    private static async Task<object?> ReadAgainAsync(HttpContext http, string? location)
    {
        var id = http.Request.RouteValues["id"]?.ToString() ?? location?[(location.LastIndexOf('/') + 1)..];
        if (!Guid.TryParse(id, out var requestId))
        {
            return null;
        }

        var request = await http.RequestServices.GetRequiredService<IMediator>().Send(new GetRequest.Query(requestId), http.RequestAborted);
        if (request is not null)
        {
            http.Response.SetETag(request.Version);
        }

        return request;
    }

    private static Func<Task<RequestResponse?>> ReadBack(RequestChange command, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetRequest.Query(command.RequestId), ct);
}
