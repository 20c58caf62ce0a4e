using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using Mediator;

namespace AlfaPlatform.Server.People;

public static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("People").ProducesValidationProblem().RequireAuthorization(Policies.Network);

        people.MapGet("/", async (string? text, Guid? organisationId, Named<TeamRole>? role, string? focusArea, bool? includeInactive, DateOnly? asOf, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FindPeople.Query(text, organisationId, role?.Value, focusArea, includeInactive ?? false, asOf), ct)))
            .WithSummary("The people directory: ?text= (name), ?organisationId=, ?role= (held in a team), ?focusArea= (of their teams), ?asOf=YYYY-MM-DD. Emails: staff, and members for their own organisation.");
        people.MapGet("/{id:guid}", async (Guid id, DateOnly? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                if (await mediator.Send(new GetPerson.Query(id, asOf), ct) is not { } person)
                {
                    return ChangeResults.NotFound("The person");
                }

                response.SetETag(person.Version);
                return TypedResults.Ok(person);
            })
            .WithSummary("One person; ?asOf=YYYY-MM-DD as the platform knew them then.");
        people.MapGet("/{id:guid}/memberships", async (Guid id, DateOnly? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetMemberships.Query(id, asOf), ct) is { } memberships ? TypedResults.Ok(memberships) : ChangeResults.NotFound("The person"))
            .WithSummary("Every team the person has been in, with dates and roles; ?asOf=YYYY-MM-DD the teams of that day.");
        people.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetPersonHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The person"))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every change to the person's record, oldest first (staff: it holds contact details).");

        people.MapPost("/", async (RegisterPersonOperation.Command command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var register = command with { PersonId = Guid.CreateVersion7() };
                return await Change(register, mediator, response, ct, createdAt: $"/api/people/{register.PersonId}");
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
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Erase a person's data at their request: names, email, phone and ORCID leave every event and record; their memberships stay, as \"erased person\". Repeating it changes nothing.");

        return app;
    }

    private static async Task<IResult> Change(PersonChange command, IMediator mediator, HttpResponse response, CancellationToken ct, string? createdAt = null) =>
        await ChangeResults.RespondAsync(
            await mediator.Send(command, ct),
            async () => await mediator.Send(new GetPerson.Query(command.PersonId), ct),
            person => person.Version,
            response,
            createdAt);
}
