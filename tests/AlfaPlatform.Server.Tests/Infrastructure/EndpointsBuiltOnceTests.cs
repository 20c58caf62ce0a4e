using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The API's endpoints are built once (<see cref="EndpointsBuiltOnce"/>): the data source the authorization middleware's
/// cache and the OpenAPI document read, and the app's own data sources the routing middleware reads, hold the same
/// endpoints, not a second build of each (ASP.NET Core builds a minimal-API endpoint again on every read).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EndpointsBuiltOnceTests(PlatformFixture platform)
{
    [Fact]
    public void every_reader_of_the_apis_endpoints_gets_the_same_built_endpoints()
    {
        var services = platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var routed = ((IEndpointRouteBuilder)platform.App).DataSources.SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>().Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.True(routed.Count > 50, $"{routed.Count} API endpoints");
        Assert.All(routed, endpoint => Assert.Contains(endpoint, services)); // the same instances: Endpoint has no value equality
    }
}
