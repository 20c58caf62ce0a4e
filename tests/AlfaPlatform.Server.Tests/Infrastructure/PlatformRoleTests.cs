using System.Globalization;
using System.Net;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The same binary as silo-only and gateway-only processes: the shape a deployment scales out to.</summary>
public sealed class PlatformRoleTests : IAsyncLifetime
{
    private string _database = null!;
    private readonly List<WebApplication> _apps = [];

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        // Gateway first, then the silo it talks to.
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await TestPostgres.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task a_gateway_only_process_serves_commands_through_a_silo_only_process()
    {
        var gatewayPort = LocalPostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture);
        var silo = await StartAsync(new() { ["Platform:Role"] = "Silo", ["Orleans:GatewayPort"] = gatewayPort });
        var gateway = await StartAsync(new() { ["Platform:Role"] = "Gateway", ["Orleans:GatewayPort"] = gatewayPort });
        using var siloClient = PlatformFixture.CreateClient(silo);
        using var gatewayClient = await PlatformFixture.CreateClientAsync(gateway);

        var registered = await gatewayClient.RegisterOrganisationAsync();
        var fetched = await gatewayClient.GetAsync($"/api/organisations/{registered.Id}");

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(registered.Acronym, (await fetched.ReadAsync<OrganisationResponse>()).Acronym);
        Assert.Equal(HttpStatusCode.OK, (await gatewayClient.GetAsync("/health/ready")).StatusCode);
        var siloReady = await siloClient.GetAsync("/health/ready");
        Assert.True(siloReady.StatusCode == HttpStatusCode.OK, await siloReady.Content.ReadAsStringAsync());
        // A silo serves health, not the API.
        Assert.Equal(HttpStatusCode.NotFound, (await siloClient.GetAsync("/api/organisations")).StatusCode);
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var app = await PlatformFixture.StartPlatformAsync(_database, seed: false, settings);
        _apps.Add(app);
        return app;
    }
}
