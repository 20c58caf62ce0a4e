using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Partners;

public static class PartnerApplicationEndpoints
{
    public static IEndpointRouteBuilder MapPartnerApplications(this IEndpointRouteBuilder app)
    {
        // Anyone applies; only staff read or decide. An applicant reads its own application's status with the secret
        // token it was given, and nothing else, so no one can find out who applied.
        var applications = app.MapGroup("/api/partner-applications").WithTags("Partners").ProducesValidationProblem();

        applications.MapGet("/status/{token}", async Task<Results<Ok<ApplicationStatusView>, ProblemHttpResult>> (
                string token, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                {
                    response.Headers.CacheControl = "no-store"; // the token is in the address: keep the answer out of caches
                    return await mediator.Send(new GetApplicationStatus.Query(token), ct) is { } status
                        ? TypedResults.Ok(status)
                        : ProblemMapping.ToProblem(Domain.Common.Rejection.NotFound("The application"));
                })
            .AllowAnonymous() // throttled per address by the anonymous rate limit, like applying
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An application's status, read with the secret token given when applying (no sign-in); an unknown token is 404.");

        applications.MapGet("/", async ([AsParameters] FindApplications.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The applications, newest first; ?status=Pending lists those waiting for an answer (staff).");

        applications.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetApplication.Query(id), ct), a => a.Version, response, "The application"))
            .Produces<ApplicationResponse>()
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One application (staff).");

        applications.MapGet("/{id:guid}/history", async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> (
                Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetApplicationHistory.Query(id), ct) is { } history
                    ? TypedResults.Ok(history)
                    : ProblemMapping.ToProblem(Domain.Common.Rejection.NotFound("The application")))
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every step of the application, oldest first: who, when, why (staff).");

        applications.MapOperations<ApplicationChange>();
        return app;
    }
}
