using System.Globalization;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The container's health check: the server's own <c>health</c> command asks the node on its HTTP port.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HealthCommandTests(PlatformFixture platform)
{
    [Fact]
    public async Task it_answers_0_for_a_ready_node_and_1_where_none_listens()
    {
        var port = PlatformFixture.CreateClient(platform.App).BaseAddress!.Port;

        Assert.Equal(0, await HealthAsync(port, "ready"));
        Assert.Equal(0, await HealthAsync(port, "live"));
        Assert.Equal(1, await HealthAsync(LocalPostgresCluster.FreePort(), "ready"));
    }

    private static async Task<int> HealthAsync(int port, string probe)
    {
        var server = PlatformProcess.ServerAssembly();
        var (exit, _, _) = await NodePackages.RunAsync(Path.GetDirectoryName(server)!, "dotnet", [server, "health", probe],
            new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture) });
        return exit;
    }
}
