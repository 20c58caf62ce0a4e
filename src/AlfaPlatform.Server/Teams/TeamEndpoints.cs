using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Teams;

public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        // The network's people read teams and rosters; partners see nothing of them; staff change them.
        var teams = app.MapGroup("/api/teams").WithTags("Teams").ProducesValidationProblem().RequireAuthorization(Policies.Network);

        teams.MapGet("/", async (Guid? organisationId, bool? includeArchived, Day? asOf, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new FindTeams.Query(organisationId, includeArchived ?? false, asOf), ct)))
            .WithSummary("The teams, optionally of one organisation; ?asOf=YYYY-MM-DD as the platform knew them then.");
        teams.MapGet("/{id:guid}", async (Guid id, Day? asOf, IMediator mediator, HttpResponse response, CancellationToken ct) =>
                ChangeResults.Found(await mediator.Send(new GetTeam.Query(id, asOf), ct), t => t.Version, response, "The team"))
            .Produces<TeamResponse>()
            .WithSummary("One team; ?asOf=YYYY-MM-DD as the platform knew it then.");
        teams.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetTeamHistory.Query(id), ct) is { } history ? TypedResults.Ok(history) : ChangeResults.NotFound("The team"))
            .Produces<IReadOnlyList<Infrastructure.EventSourcing.HistoryEntry>>()
            .WithSummary("Every change to the team, oldest first.");
        teams.MapGet("/{id:guid}/members", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetRoster.Query(id, asOf), ct) is { } roster ? TypedResults.Ok(roster) : ChangeResults.NotFound("The team"))
            .Produces<RosterResponse>()
            .WithSummary("The roster: every membership with dates and roles; ?asOf=YYYY-MM-DD who was in the team that day.");


        teams.MapOperations<TeamChange>();

        teams.MapPost("/{id:guid}/members/import", async Task<IResult> (Guid id, HttpRequest request, RosterImports imports, Caller caller, CancellationToken ct) =>
            {
                if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send the roster as text/csv (see README for its columns).");
                }

                var csv = await CsvText.ReadUploadAsync(request.Body, request.ContentType, ct);
                var started = await imports.StartAsync(caller.NewId("roster-import"), id, csv, caller, ct);
                return started.Rejection is { } reused
                    ? ProblemMapping.ToProblem(reused)
                    : RosterImportResults.Answer(await imports.WaitAsync(started.Value!, RosterImportResults.Wait(request), ct), request, endedBefore: started.Value!.IsFinished);
            })
            .Accepts<string>("text/csv")
            .Produces<ImportRoster.Result>()
            .Produces<RosterImportJob.View>(StatusCodes.Status202Accepted)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RosterImportResults.MaxFileBytes))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Import members from a CSV roster (',' or ';', UTF-8 unless the Content-Type declares a charset; left_on optional): all rows are checked first, then written all or nothing; importing the same file, or the roster's own export, again changes nothing. Answers 200 with the result when the import ends within the wait (10 s, or Prefer: wait=N), otherwise 202 with the import job's Location; always 202 with Prefer: respond-async, unless a retry finds its job ended.");
        teams.MapGet("/{id:guid}/members/imports/{jobId:guid}", async (Guid id, Guid jobId, RosterImports imports, CancellationToken ct) =>
                await imports.FindAsync(jobId, ct) is { } job && job.TeamId == id ? TypedResults.Ok(job.ToView()) : ChangeResults.NotFound("The import"))
            .Produces<RosterImportJob.View>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("A roster import job: running (checking, then writing), succeeded with its result, failed with its problem, or cancelled.");
        teams.MapDelete("/{id:guid}/members/imports/{jobId:guid}", async Task<IResult> (Guid id, Guid jobId, RosterImports imports, CancellationToken ct) =>
                await imports.FindAsync(jobId, ct) is not { } job || job.TeamId != id ? ChangeResults.NotFound("The import")
                : job.IsFinished ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: $"The import has already ended: {job.State}.",
                    extensions: new Dictionary<string, object?> { ["code"] = "import_ended" })
                : TypedResults.Ok((await imports.CancelAsync(jobId, ct) ?? job).ToView()))
            .Produces<RosterImportJob.View>()
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Cancel a running roster import. It writes in one transaction, so a cancelled import wrote nothing; an import already writing may still end first (the answer says which).");
        teams.MapGet("/{id:guid}/members.csv", async (Guid id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new ExportRoster.Query(id), ct) is { } csv
                    ? TypedResults.Text(csv, "text/csv; charset=utf-8")
                    : ChangeResults.NotFound("The team"))
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The roster as CSV (staff: it holds emails): UTF-8 with a byte order mark, formulas neutralised; it imports back unchanged.");

        app.MapGet("/api/organisations/{id:guid}/teams", async (Guid id, Day? asOf, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new OrganisationTeams.Query(id, asOf), ct) is { } teamsOf ? TypedResults.Ok(teamsOf) : ChangeResults.NotFound("The organisation"))
            .Produces<OrganisationTeams.Response>()
            .WithTags("Teams")
            .RequireAuthorization(Policies.Network)
            .WithSummary("An organisation's teams and headcount; ?asOf=YYYY-MM-DD by membership dates.");

        return app;
    }

    internal static void MapChange<TCommand>(this RouteGroupBuilder teams, string method, string pattern, string summary)
        where TCommand : TeamChange =>
        teams.MapMethods(pattern, [method], (Guid id, TCommand command, IMediator mediator, TeamAccess access, HttpContext http, CancellationToken ct) =>
                Change(command with { TeamId = id, ExpectedVersion = http.Request.ExpectedVersion() }, mediator, access, http.Response, ct))
            .Produces<TeamResponse>()
            .RequireAuthorization(Policies.StaffOrMember)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary(summary + " Staff, or the team's lead.");

    private static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Change(TeamChange command, IMediator mediator, HttpResponse response, CancellationToken ct) =>
        ChangeResults.Ok(await mediator.Send(command, ct), TeamResponse.From, response);

    internal static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> Create(TeamChange command, IMediator mediator, HttpResponse response, string location, CancellationToken ct) =>
        ChangeResults.Created(await mediator.Send(command, ct), TeamResponse.From, response, location);

    /// <summary>
    /// A change to an existing team, by staff or by the team's current lead. The lead check runs after the body is
    /// bound, and whoever may not change the team hears 403 whatever they sent; so these bodies keep their nullable
    /// fields (a [JsonRequired] one would answer 400 first) and their validators name what is missing.
    /// </summary>
    internal static async Task<IResult> Change(TeamChange command, IMediator mediator, TeamAccess access, HttpResponse response, CancellationToken ct) =>
        await access.MayManageAsync(command.TeamId, ct)
            ? await Change(command, mediator, response, ct)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: TeamAccess.NotTheLead.Message);
}
