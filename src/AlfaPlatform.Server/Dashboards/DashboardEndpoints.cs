using System.Net.ServerSentEvents;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Dashboards.Contracts;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Dashboards;

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboards(this IEndpointRouteBuilder app)
    {
        // Staff, members and viewers read dashboards (members without partner names); partners see none (403).
        var dashboards = app.MapGroup("/api/dashboards").WithTags("Dashboards").ProducesValidationProblem()
            .RequireAuthorization(Policies.Network);

        dashboards.MapDashboard<NetworkOverview.Query, NetworkOverview.Figures>("/network",
            "Organisations by kind, network members, active teams, people, memberships and capability coverage; ?asOf=YYYY-MM-DD.");
        dashboards.MapDashboard<MembershipDashboard.Query, MembershipDashboard.Figures>("/membership",
            "Headcount per organisation and role, and per month headcount, joiners and leavers (?months=, default 12); ?asOf=.");
        dashboards.MapDashboard<PartnershipPipeline.Query, PartnershipPipeline.Figures>("/pipeline",
            "Collaboration requests per state, flow per month, time in state, overdue, decline reasons, per partner; ?asOf=.");
        dashboards.MapDashboard<PartnershipValue.Query, PartnershipValue.Figures>("/value",
            "Agreements by signed year and month, kind, partner size, organisation and partner, against the yearly target; ?asOf=.");
        dashboards.MapDashboard<PartnerExperience.Query, PartnerExperience.Figures>("/experience",
            "Time to first answer, share answered within the time limit, satisfaction at completion; ?asOf=.");
        dashboards.MapDashboard<MeetingsDashboard.Query, MeetingsDashboard.Figures>("/meetings",
            "Upcoming meetings with fill rate, past ones with attendance, attendance per organisation, contributions per team; ?asOf=.");
        dashboards.MapDashboard<ActivityFeed.Query, ActivityFeed.Figures>("/activity",
            "The latest changes across the network, newest first (?limit=, default 50), as the reader may see them; ?asOf=.");
        dashboards.MapDashboard<CarnotReport.Query, CarnotReport.Figures>("/carnot",
                "The Carnot report for a year (?year=, else the year of ?asOf= or this year): partnership value by company size, agreements, requests answered within their time limit and satisfaction, beside the year before and the targets; ?asOf=.")
            .RequireAuthorization(Policies.Staff);

        dashboards.MapGet("/changes", (DashboardChanges changes, CancellationToken ct) =>
                TypedResults.ServerSentEvents(Stream(changes, ct)))
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .WithSummary("Server-sent events: first each projection's sequence (event 'state'), then a 'change' naming the dashboards to read again.");

        dashboards.MapPost("/rebuild", async Task<Results<Accepted<RebuildAnswer>, ProblemHttpResult>> (
                RebuildRequest? request, ProjectionRebuilds rebuilds, Caller caller, CancellationToken ct) =>
            {
                var which = request?.Projection?.Trim() is { Length: > 0 } named ? named : "all";
                IReadOnlyList<string>? projections = which == "all" ? DashboardProjections.Rebuildable
                    : DashboardProjections.Rebuildable.Contains(which) ? [which] : null;
                if (projections is null)
                {
                    throw new RequestValidationException(new Dictionary<string, string[]>
                    {
                        ["projection"] = [$"'{which}' is not a projection that can be rebuilt: use all or one of {string.Join(", ", DashboardProjections.Rebuildable)}."],
                    });
                }

                return await rebuilds.RequestAsync(projections, caller.ActorId, ct)
                    ? TypedResults.Accepted("/api/dashboards/rebuilds", new RebuildAnswer(projections))
                    : ProblemMapping.ToProblem(Rejection.Conflict("rebuild_running", "A rebuild of one of these projections is running already."));
            })
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Rebuild one projection ({\"projection\": \"dashboard-network\"}, or \"search\" for the search index) or all (default) from the events, while serving.");

        dashboards.MapGet("/rebuilds", async (IQuerySession session, CancellationToken ct) =>
                TypedResults.Ok(await session.Query<ProjectionRebuild>().OrderBy(r => r.Id).ToListAsync(ct)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("The last rebuild of each projection: started, finished, by whom, and its failure if any.");

        return app;
    }

    /// <summary>One dashboard resource: its query bound from the query string, answered through the mediator.</summary>
    private static RouteHandlerBuilder MapDashboard<TQuery, TFigures>(this RouteGroupBuilder dashboards, string pattern, string summary)
        where TQuery : IQuery<DashboardAnswer<TFigures>> =>
        dashboards.MapGet(pattern, async ([AsParameters] TQuery query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithSummary(summary);

    private static async IAsyncEnumerable<SseItem<DashboardChange>> Stream(
        DashboardChanges changes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listen first, then say where each projection stands, so nothing falls between the two.
        var listening = changes.ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = listening.MoveNextAsync();
        foreach (var state in changes.Current)
        {
            yield return new SseItem<DashboardChange>(state, "state");
        }

        try
        {
            while (await next)
            {
                yield return new SseItem<DashboardChange>(listening.Current, "change");
                next = listening.MoveNextAsync();
            }
        }
        finally
        {
            await listening.DisposeAsync();
        }
    }
}

/// <param name="Projection">A dashboard projection's name, or "all" (the default).</param>
public sealed record RebuildRequest(string? Projection);

public sealed record RebuildAnswer(IReadOnlyList<string> Projections);
