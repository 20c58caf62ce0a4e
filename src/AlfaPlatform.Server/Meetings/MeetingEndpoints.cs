using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Meetings;

public static class MeetingEndpoints
{
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        // Public meetings' calendar, programme and iCalendar feed need no sign-in; members-only meetings are the
        // network's, drafts are staff's: to anyone else they do not exist (404). Staff run everything.
        var meetings = app.MapGroup("/api/meetings").WithTags("Meetings").ProducesValidationProblem();

        app.MapGet("/api/meetings.ics", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Text((await mediator.Send(new MeetingCalendarFeed.Query(), ct))!, MeetingCalendarFeed.ContentType))
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .WithTags("Meetings").AllowAnonymous()
            .WithSummary("Every meeting the caller may see, past and upcoming, as iCalendar (anonymously: the public ones).");
        meetings.MapGet("/{id:guid}.ics", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new MeetingCalendarFeed.Query(id), ct) is { } ics ? TypedResults.Text(ics, MeetingCalendarFeed.ContentType) : ChangeResults.NotFound("The meeting"))
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .AllowAnonymous()
            .WithSummary("One meeting as iCalendar.");
        meetings.MapGet("/", async ([AsParameters] FindMeetings.Query query, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct)))
            .AllowAnonymous()
            .WithSummary("The calendar: ?when=Upcoming|Past&kind=&organisationId=&month=YYYY-MM&page=&pageSize=&asOf=.");
        meetings.MapGet("/mine", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetMyMeetings.Query(), ct)))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("The caller's registrations (with changes of date or place since they registered) and contributions.");
        meetings.MapGet("/attendance/organisations/{organisationId:guid}", async (Guid organisationId, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetOrganisationAttendance.Query(organisationId, asOf), ct) is { } attendance ? TypedResults.Ok(attendance) : ChangeResults.NotFound("The organisation"))
            .Produces<OrganisationAttendanceResponse>()
            .RequireAuthorization(Policies.Network)
            .WithSummary("An organisation's attendance across meetings: its people registered and checked in, per meeting.");
        meetings.MapGet("/{id:guid}", async (Guid id, Day? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetMeeting.Query(id, asOf), ct), m => m.Version, response, "The meeting"))
            .Produces<MeetingResponse>()
            .AllowAnonymous()
            .WithSummary("One meeting; ?asOf=YYYY-MM-DD as the platform knew it then.");
        meetings.MapGet("/{id:guid}/programme", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetProgramme.Query(id, asOf), ct) is { } programme ? TypedResults.Ok(programme) : ChangeResults.NotFound("The meeting"))
            .Produces<ProgrammeResponse>()
            .AllowAnonymous()
            .WithSummary("The programme: sessions with their scheduled contributions.");
        meetings.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetMeetingHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The meeting"))
            .Produces<IReadOnlyList<Infrastructure.EventSourcing.HistoryEntry>>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every change to the meeting, oldest first (staff: it names registrants).");
        meetings.MapGet("/{id:guid}/registrations", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetRegistrations.Query(id, asOf), ct) is { } registrations ? TypedResults.Ok(registrations) : ChangeResults.NotFound("The meeting"))
            .Produces<RegistrationsResponse>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Registrations: seated, the waiting list in order, pending approval, cancelled, declined (staff).");
        meetings.MapGet("/{id:guid}/contributions", async (Guid id, Named<ContributionStatus>? status, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new FindContributions.Query(id, status?.Value), ct) is { } contributions ? TypedResults.Ok(contributions) : ChangeResults.NotFound("The meeting"))
            .Produces<IReadOnlyList<ContributionResponse>>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every contribution submitted, for review (staff); ?status=.");
        meetings.MapGet("/{id:guid}/contributions/{contributionId:guid}", async (Guid id, Guid contributionId, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetContribution.Query(id, contributionId), ct) is { } contribution ? TypedResults.Ok(contribution) : ChangeResults.NotFound("The contribution"))
            .Produces<ContributionResponse>()
            .RequireAuthorization(Policies.StaffOrMember)
            .WithSummary("One contribution (staff, or its submitter or presenter).");
        meetings.MapGet("/{id:guid}/attendance", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetAttendance.Query(id, asOf), ct) is { } attendance ? TypedResults.Ok(attendance) : ChangeResults.NotFound("The meeting"))
            .Produces<MeetingAttendanceResponse>()
            .RequireAuthorization(Policies.Network)
            .WithSummary("Counts: seats, waiting list, check-ins, per organisation (no names).");

        meetings.MapPost("/", async (CreateMeetingOperation.Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
            {
                var create = command with { MeetingId = caller.NewId("meeting") };
                return await ChangeResults.CreatedAsync(await mediator.Send(create, ct), ReadBack(create, mediator, ct), m => m.Version, response, $"/api/meetings/{create.MeetingId}");
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Create a meeting (a draft).");
        meetings.MapChange<ChangeMeetingDetailsOperation.Command>(HttpMethods.Put, "/{id:guid}/details", "Replace title, kind, organisers, chairs, capacity, window, visibility, approval.");
        meetings.MapChange<RescheduleMeetingOperation.Command>(HttpMethods.Put, "/{id:guid}/schedule", "New dates (local, with an IANA time zone); after publication registrants are shown the change.");
        meetings.MapChange<MoveMeetingOperation.Command>(HttpMethods.Put, "/{id:guid}/place", "A new venue or online; after publication registrants are shown the change.");
        meetings.MapChange<CancelMeetingOperation.Command>(HttpMethods.Post, "/{id:guid}/cancel", "Cancel the meeting, with a reason.");
        meetings.MapStep("/{id:guid}/publish", new PublishMeeting(), "Publish a draft: it enters the calendar.");
        meetings.MapStep("/{id:guid}/registration/open", new OpenRegistration(), "Open registration.");
        meetings.MapStep("/{id:guid}/registration/close", new CloseRegistration(), "Close registration.");
        meetings.MapStep("/{id:guid}/held", new MarkMeetingHeld(), "Record that the meeting was held.");

        meetings.MapPost("/{id:guid}/sessions", async (Guid id, AddSessionOperation.Command command, IMediator mediator, Caller caller, HttpContext http, CancellationToken ct) =>
                await Change(command with { MeetingId = id, SessionId = caller.NewId("session"), ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Add a session to the programme (local times, in the meeting's time zone).");
        meetings.MapDelete("/{id:guid}/sessions/{sessionId:guid}", async (Guid id, Guid sessionId, IMediator mediator, HttpContext http, CancellationToken ct) =>
                await Change(new RemoveSessionOperation.Command(sessionId) { MeetingId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Remove a session with no contribution scheduled in it.");

        meetings.MapPost("/{id:guid}/contributions", async (Guid id, SubmitContributionOperation.Command command, IMediator mediator, Caller caller, HttpContext http, CancellationToken ct) =>
            {
                var submit = command with { MeetingId = id, ContributionId = caller.NewId("contribution"), ExpectedVersion = http.Request.ExpectedVersion() };
                var result = await mediator.Send(submit, ct);
                return await ChangeResults.CreatedAsync(result, ReadBackContribution(id, submit.ContributionId, mediator, ct), _ => result.Version, http.Response,
                    $"/api/meetings/{id}/contributions/{submit.ContributionId}");
            })
            .RequireAuthorization(Policies.StaffOrMember)
            .WithSummary("Submit a contribution (members: presented by themselves unless they name a presenter).");
        meetings.MapContributionStep<ReviewContributionOperation.Command>("accept", (c, id, cid) => c with { MeetingId = id, ContributionId = cid, Accept = true }, Policies.Staff, "Accept a submitted contribution.");
        meetings.MapContributionStep<ReviewContributionOperation.Command>("reject", (c, id, cid) => c with { MeetingId = id, ContributionId = cid, Accept = false }, Policies.Staff, "Reject a submitted contribution.");
        meetings.MapContributionStep<WithdrawContributionOperation.Command>("withdraw", (c, id, cid) => c with { MeetingId = id, ContributionId = cid }, Policies.StaffOrMember, "Withdraw a contribution (its submitter or presenter, or staff).");
        meetings.MapContributionStep<ScheduleContributionOperation.Command>("schedule", (c, id, cid) => c with { MeetingId = id, ContributionId = cid }, Policies.Staff, "Schedule an accepted contribution into a session.");

        meetings.MapPost("/{id:guid}/registrations", async (Guid id, RegisterOperation.Command? command, IMediator mediator, MeetingAccess access, HttpContext http, CancellationToken ct) =>
            {
                var register = (command ?? new RegisterOperation.Command()) with { MeetingId = id, ExpectedVersion = http.Request.ExpectedVersion() };
                var result = await mediator.Send(register, ct);
                var registrant = register.PersonId ?? await access.CallerRegistrantIdAsync(ct) ?? Guid.Empty;
                return await ChangeResults.OkAsync(result, ReadBackRegistration(id, registrant, mediator, ct), _ => result.Version, http.Response);
            })
            .RequireAuthorization(Policies.MeetingParticipants)
            .WithSummary("Register (members, partner people: themselves; staff: a person, {\"personId\": …}). Past capacity: the waiting list.");
        meetings.MapRegistrationStep("cancel", Policies.MeetingParticipants, "Cancel a registration (the registrant, or staff): the first waiting takes the seat.",
            (reason, id, registrant) => new CancelRegistrationOperation.Command(reason) { MeetingId = id, RegistrantId = registrant });
        meetings.MapRegistrationStep("approve", Policies.Staff, "Approve a pending registration: a seat, or the waiting list when full.",
            (reason, id, registrant) => new RegistrationStepOperation.Command(reason) { MeetingId = id, RegistrantId = registrant, Step = "approve" });
        meetings.MapRegistrationStep("decline", Policies.Staff, "Decline a pending or waiting registration.",
            (reason, id, registrant) => new RegistrationStepOperation.Command(reason) { MeetingId = id, RegistrantId = registrant, Step = "decline" });
        meetings.MapRegistrationStep("check-in", Policies.Staff, "Record a registrant's check-in at the venue.",
            (reason, id, registrant) => new RegistrationStepOperation.Command(reason) { MeetingId = id, RegistrantId = registrant, Step = "check-in" });

        return app;
    }

    /// <summary>The optional body of a registration step: a reason.</summary>
    public sealed record StepBody(string? Reason = null);

    private static void MapChange<TCommand>(this RouteGroupBuilder meetings, string method, string pattern, string summary)
        where TCommand : MeetingChange =>
        meetings.MapMethods(pattern, [method], async (Guid id, TCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                await Change(command with { MeetingId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static void MapStep(this RouteGroupBuilder meetings, string pattern, MeetingCommand step, string summary) =>
        meetings.MapPost(pattern, async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                await Change(new MeetingStepOperation.Command { MeetingId = id, Step = step, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static void MapContributionStep<TCommand>(this RouteGroupBuilder meetings, string step, Func<TCommand, Guid, Guid, TCommand> with, string policy, string summary)
        where TCommand : MeetingChange =>
        meetings.MapPost($"/{{id:guid}}/contributions/{{contributionId:guid}}/{step}", async (Guid id, Guid contributionId, TCommand command, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var change = with(command, id, contributionId) with { ExpectedVersion = http.Request.ExpectedVersion() };
                var result = await mediator.Send(change, ct);
                return await ChangeResults.OkAsync(result, ReadBackContribution(id, contributionId, mediator, ct), _ => result.Version, http.Response);
            })
            .RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static void MapRegistrationStep(this RouteGroupBuilder meetings, string step, string policy, string summary, Func<string?, Guid, Guid, MeetingChange> command) =>
        meetings.MapPost($"/{{id:guid}}/registrations/{{registrantId:guid}}/{step}", async (Guid id, Guid registrantId, StepBody? body, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var change = command(body?.Reason, id, registrantId) with { ExpectedVersion = http.Request.ExpectedVersion() };
                var result = await mediator.Send(change, ct);
                return await ChangeResults.OkAsync(result, ReadBackRegistration(id, registrantId, mediator, ct), _ => result.Version, http.Response);
            })
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(summary);

    private static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> Change(MeetingChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        await ChangeResults.OkAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), m => m.Version, response);

    private static Func<Task<MeetingResponse?>> ReadBack(MeetingChange command, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetMeeting.Query(command.MeetingId), ct);

    private static Func<Task<RegistrationResponse?>> ReadBackRegistration(Guid meetingId, Guid registrantId, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetMyRegistration.Query(meetingId, registrantId), ct);

    private static Func<Task<ContributionResponse?>> ReadBackContribution(Guid meetingId, Guid contributionId, IMediator mediator, CancellationToken ct) =>
        async () => (await mediator.Send(new FindContributions.Query(meetingId), ct))?.FirstOrDefault(c => c.Id == contributionId);
}
