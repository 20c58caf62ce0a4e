using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Audit;

/// <summary>The audit trail: every change across the platform, read from the event store's metadata.</summary>
public sealed class AuditModule : IFeatureModule
{
    public int Order => 150;

    public void Map(WebApplication app) =>
        app.MapGet("/api/audit", async ([AsParameters] AuditTrail.Query query, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(query, ct)))
            .WithTags("Audit")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Every change across the platform, newest first: ?actor=, ?record=, ?from=, ?to= (ISO 8601, 1900-01-01 to 9998-12-31).");
}
