using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Search;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        // Every role searches; what each finds is decided by the query from the caller (FindAnything).
        app.MapGet("/api/search", async ([AsParameters] FindAnything.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithTags("Search")
            .ProducesValidationProblem()
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Organisations, teams, people, meetings, sessions and requests matching ?q= (French or English, accents ignored), best first, within what the caller may see.");
        return app;
    }
}
