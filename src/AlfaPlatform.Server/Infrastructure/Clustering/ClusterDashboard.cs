using Orleans.Dashboard;

namespace AlfaPlatform.Server.Infrastructure.Clustering;

/// <summary>
/// Orleans' own dashboard (silos, grains, calls, reminders) for the network's staff: every silo collects its figures,
/// and every gateway serves the pages, to staff signed in to the web app only. It has no authentication of its own.
/// </summary>
public static class ClusterDashboard
{
    public const string Path = "/operations/cluster";

    public static ISiloBuilder AddClusterDashboard(this ISiloBuilder silo) => silo.AddDashboard();

    public static IClientBuilder AddClusterDashboard(this IClientBuilder client) => client.AddDashboard();

    /// <summary>The pages and what they read, outside the API's OpenAPI document: they are not the platform's API.</summary>
    public static void MapClusterDashboard(this WebApplication app) =>
        app.MapOrleansDashboard(routePrefix: Path).RequireAuthorization(Web.WebApp.StaffPolicy).ExcludeFromDescription();
}
