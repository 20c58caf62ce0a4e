using System.Globalization;
using System.Net;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The same binary as silo-only and gateway-only processes: the shape a deployment scales out to.</summary>
public sealed class PlatformRoleTests : OwnDatabaseTests
{
    [Fact]
    public async Task a_gateway_only_process_serves_commands_through_a_silo_only_process()
    {
        var gatewayPort = LocalPostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture);
        var silo = await StartAsync(settings: new() { ["Platform:Role"] = "Silo", ["Orleans:GatewayPort"] = gatewayPort });
        var gateway = await StartAsync(settings: new() { ["Platform:Role"] = "Gateway", ["Orleans:GatewayPort"] = gatewayPort });
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

}
