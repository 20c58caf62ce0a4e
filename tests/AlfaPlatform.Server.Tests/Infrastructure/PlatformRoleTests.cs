using System.Net;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The same binary as silo-only and gateway-only processes: the shape a deployment scales out to.</summary>
public sealed class PlatformRoleTests : OwnDatabaseTests
{
    [Fact]
    public async Task a_gateway_only_process_serves_commands_through_a_silo_only_process()
    {
        // Each on ports of its own: the gateway finds the silo in PostgreSQL's membership table, not by a port it is told.
        var silo = await StartAsync(settings: new() { ["Platform:Role"] = "Silo" });
        var gateway = await StartAsync(settings: new() { ["Platform:Role"] = "Gateway" });
        using var siloClient = PlatformFixture.CreateClient(silo);
        using var gatewayClient = await PlatformFixture.CreateClientAsync(gateway);

        var registered = await gatewayClient.RegisterOrganisationAsync();
        var fetched = await gatewayClient.GetAsync($"/api/organisations/{registered.Id}");

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(registered.Acronym, (await fetched.ReadAsync<OrganisationResponse>()).Acronym);
        // Who asked travels with the grain call from the gateway's process to the silo's, which writes it on the event.
        var registration = (await gatewayClient.GetAsync($"/api/organisations/{registered.Id}/history").OkJsonAsync()).EnumerateArray().First();
        Assert.Equal(Roles.Staff, registration.GetProperty("role").GetString());
        Assert.NotEqual(CommandContext.System, registration.GetProperty("actor").GetString());
        Assert.False(string.IsNullOrEmpty(registration.GetProperty("correlationId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await gatewayClient.GetAsync("/health/ready")).StatusCode);
        var siloReady = await siloClient.GetAsync("/health/ready");
        Assert.True(siloReady.StatusCode == HttpStatusCode.OK, await siloReady.Content.ReadAsStringAsync());
        // A silo serves health, not the API.
        Assert.Equal(HttpStatusCode.NotFound, (await siloClient.GetAsync("/api/organisations")).StatusCode);
    }

    [Fact]
    public async Task a_change_through_one_gateway_arrives_live_on_a_stream_of_the_other()
    {
        await StartAsync(settings: new() { ["Platform:Role"] = "Silo" });
        var writing = await StartAsync(settings: new() { ["Platform:Role"] = "Gateway" });
        var watching = await StartAsync(settings: new() { ["Platform:Role"] = "Gateway" });
        using var writer = await PlatformFixture.CreateClientAsync(writing);
        using var watcher = await PlatformFixture.CreateClientAsync(watching);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await DashboardStream.OpenAsync(watcher, timeout.Token);
        await stream.ReadAsync(DashboardProjections.All.Count, timeout.Token);

        await writer.RegisterOrganisationAsync(kind: "RndPlatform");

        // The projection may still have been applying the sign-ins' events (a changed password is one) when the stream opened.
        await stream.WaitForCaughtUpAsync(watching.Services.GetRequiredService<IDocumentStore>(), DashboardProjections.Network, timeout.Token);
        var network = await watcher.GetAsync("/api/dashboards/network").OkJsonAsync();
        Assert.Equal(1, network.GetProperty("figures").GetProperty("organisationsByKind").GetProperty("RndPlatform").GetInt32());
    }
}
