using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// Builds the platform's endpoints once, while the host starts. ASP.NET Core builds every minimal-API endpoint (its
/// request delegate, JSON contracts, metadata) each time a data source is read, and two readers read them all before
/// the first answer: the authorization middleware when the pipeline is built, then the routing middleware at the first
/// request (measured in a start's CPU profile: 1.8 s of the pipeline's build, and most of a first request's 0.9 s).
/// A data source that can never announce a change keeps its first build, and that build starts at once, on another
/// thread, while Orleans, the daemon and the seeders start.
/// </summary>
public static class EndpointsBuiltOnce
{
    /// <summary>Call once every endpoint is mapped: a source mapped later is built as ASP.NET Core builds it.</summary>
    public static void BuildEndpointsOnce(this IEndpointRouteBuilder routes)
    {
        var sources = routes.DataSources.Select(source => IsFixed(source) ? new BuiltOnce(source) : source).ToList();
        routes.DataSources.Clear();
        foreach (var source in sources)
        {
            routes.DataSources.Add(source);
        }

        _ = Task.Run(() =>
        {
            foreach (var source in sources.OfType<BuiltOnce>())
            {
                try
                {
                    _ = source.Endpoints;
                }
                catch (Exception)
                {
                    // Kept by the build, and thrown again where the pipeline reads the endpoints: the start fails there.
                }
            }
        });
    }

    /// <summary>No change can ever be announced: a route table fixed at start (a hot-reloaded one has active callbacks).</summary>
    private static bool IsFixed(EndpointDataSource source) =>
        source.GetChangeToken() is { ActiveChangeCallbacks: false, HasChanged: false };

    private sealed class BuiltOnce(EndpointDataSource source) : EndpointDataSource
    {
        private readonly Lazy<IReadOnlyList<Endpoint>> _endpoints = new(() => source.Endpoints);

        public override IReadOnlyList<Endpoint> Endpoints => _endpoints.Value;

        public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;

        public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context) => source.GetGroupedEndpoints(context);
    }
}
