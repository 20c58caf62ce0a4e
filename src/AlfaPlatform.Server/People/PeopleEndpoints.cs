using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.People;

public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("People").ProducesValidationProblem().RequireAuthorization(Policies.Network);

        people.MapGet("/", async (string? text, Guid? organisationId, Named<TeamRole>? role, string? focusArea, bool? includeInactive, Day? asOf, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FindPeople.Query(text, organisationId, role?.Value, focusArea, includeInactive ?? false, asOf), ct)))
            .WithSummary("The people directory: ?text= (name), ?organisationId=, ?role= (held in a team), ?focusArea= (of their teams), ?asOf=YYYY-MM-DD. Emails: staff, and members for their own organisation.");
        people.MapGet("/me", async (IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetMyRecord.Query(), ct) is { } mine ? TypedResults.Ok(mine) : ChangeResults.NotFound("Your person record"))
            .Produces<MyRecordResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Your own record: the person your account is linked to (contact details included) and every team you have been in; 404 while staff have linked none.");
        people.MapGet("/{id:guid}", async (Guid id, Day? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetPerson.Query(id, asOf), ct), p => p.Version, response, "The person"))
            .Produces<PersonResponse>()
            .WithSummary("One person; ?asOf=YYYY-MM-DD as the platform knew them then.");
        people.MapGet("/{id:guid}/memberships", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetMemberships.Query(id, asOf), ct) is { } memberships ? TypedResults.Ok(memberships) : ChangeResults.NotFound("The person"))
            .Produces<IReadOnlyList<MembershipResponse>>()
            .WithSummary("Every team the person has been in, with dates and roles; ?asOf=YYYY-MM-DD the teams of that day.");
        people.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetPersonHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The person"))
            .Produces<IReadOnlyList<Infrastructure.EventSourcing.HistoryEntry>>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every change to the person's record, oldest first (staff: it holds contact details).");

        people.MapPost("/", async (RegisterPersonOperation.Command command, IMediator mediator, Caller caller, HttpResponse response, CancellationToken ct) =>
            {
                var register = command with { PersonId = caller.NewId("person") };
                return await Create(register, mediator, response, $"/api/people/{register.PersonId}", ct);
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Register a person.");
        people.MapPut("/{id:guid}/profile", (Guid id, UpdatePersonProfileOperation.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command with { PersonId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Replace a person's profile.");
        people.MapPost("/{id:guid}/deactivate", (Guid id, DeactivatePersonOperation.Command command, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(command with { PersonId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Deactivate a person: their history stays and their email is freed.");
        people.MapPost("/{id:guid}/erase", (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                Change(new ErasePersonOperation.Command { PersonId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, http.Response, ct))
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Erase a person's data at their request: names, email, phone and ORCID leave every event and record; their memberships stay, as \"erased person\". Repeating it changes nothing.");

        return app;
    }

    private static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> Change(PersonChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        await ChangeResults.OkAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response);

    private static async Task<Results<Created<PersonResponse>, ProblemHttpResult>> Create(PersonChange command, IMediator mediator, HttpResponse response, string location, CancellationToken ct) =>
        await ChangeResults.CreatedAsync(await mediator.Send(command, ct), ReadBack(command, mediator, ct), r => r.Version, response, location);

    private static Func<Task<PersonResponse?>> ReadBack(PersonChange command, IMediator mediator, CancellationToken ct) =>
        async () => await mediator.Send(new GetPerson.Query(command.PersonId), ct);
}
