using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Partners;

public static class PartnerApplicationEndpoints
{
    public static IEndpointRouteBuilder MapPartnerApplications(this IEndpointRouteBuilder app)
    {
        // Anyone applies; only staff read or decide. Nothing here lets an applicant read an application back, so no
        // one can find out who applied.
        var applications = app.MapGroup("/api/partner-applications").WithTags("Partners").ProducesValidationProblem();

        applications.MapPost("/", async Task<Results<Created<ApplicationReceipt>, ProblemHttpResult>> (
                ApplyAsPartner.Command command, IMediator mediator, Caller caller, CancellationToken ct) =>
            {
                var apply = command with { ApplicationId = caller.NewId("application") };
                return await mediator.Send(apply, ct) is { Rejection: { } refused }
                    ? ProblemMapping.ToProblem(refused)
                    : TypedResults.Created($"/api/partner-applications/{apply.ApplicationId}", new ApplicationReceipt(apply.ApplicationId, ApplicationStatus.Pending));
            })
            .AllowAnonymous() // throttled per address by the anonymous rate limit, like every anonymous call
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Apply for your company to become a partner (no sign-in). The answer's Location is your application's reference.");

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

        applications.MapPost("/{id:guid}/approve", async Task<Results<Ok<ApproveApplication.Approved>, ProblemHttpResult>> (
                Guid id, ApproveApplication.Command? command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var approve = (command ?? new ApproveApplication.Command()) with { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                var outcome = await mediator.Send(approve, ct);
                if (outcome.Rejection is { } refused)
                {
                    return ProblemMapping.ToProblem(refused);
                }

                // A secret shown once: no cache or proxy may keep it, nor the Idempotency-Key store (it skips no-store answers).
                http.Response.Headers.CacheControl = "no-store";
                http.Response.Headers.Pragma = "no-cache";
                http.Response.SetETag(outcome.Value!.Application.Version);
                return TypedResults.Ok(outcome.Value);
            })
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Approve: registers the company as a partner organisation with its size and opens its contact's partner account; " +
                         "the one-time password is in this answer only. Optional body: {\"acronym\": \"...\"} (default: from the company name).");

        applications.MapPost("/{id:guid}/reject", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (
                Guid id, RejectApplication.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var reject = command with { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                return ChangeResults.Ok(await mediator.Send(reject, ct), ApplicationResponse.From, http.Response);
            })
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Reject, with a reason (staff).");

        applications.MapPost("/{id:guid}/erase", async Task<Results<Ok<ApplicationResponse>, ProblemHttpResult>> (
                Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var erase = new ErasePartnerContactOperation.Command { ApplicationId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                return ChangeResults.Ok(await mediator.Send(erase, ct), ApplicationResponse.From, http.Response);
            })
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Erase the contact's data at their request, once the application is decided (ADR 0008): their name and email, " +
                         "and the partner account it opened for them, everywhere; the company and the decision stay (staff).");

        return app;
    }
}
