using System.Globalization;
using System.Net;
using AlfaPlatform.Server.Infrastructure.Clustering;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>Silos that find each other in PostgreSQL's membership table (ADR 0014), and what a leaving silo's grains do.</summary>
public sealed class ClusterMembershipTests : OwnDatabaseTests
{
    [Fact]
    public async Task two_nodes_form_one_cluster_and_a_leaving_nodes_grains_come_back_on_the_other()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        using var throughFirst = await PlatformFixture.CreateClientAsync(first);
        using var throughSecond = await PlatformFixture.CreateClientAsync(second);

        var members = await MembersAsync();
        Assert.Equal([ClusterObserver.Active, ClusterObserver.Active], members.Select(m => m.Status));
        Assert.Equal(
            new[] { SiloPort(first), SiloPort(second) }.Order(),
            members.Select(m => m.Port).Order());
        Assert.All(members, m => Assert.Equal("127.0.0.1", m.Address));
        Assert.Equal(2, (await Management(first).GetHosts(onlyActive: true)).Count);

        var companies = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            companies.Add((await throughFirst.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
            companies.Add((await throughSecond.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        }

        // Orleans places the grains where it likes: the node that leaves is the one holding the most of them.
        var silos = (await Management(first).GetHosts(onlyActive: true)).Keys.ToList();
        var held = new Dictionary<SiloAddress, List<Guid>>();
        foreach (var silo in silos)
        {
            held[silo] = await ActivationsAsync(first, companies, silo);
        }

        var leavingSilo = held.MaxBy(h => h.Value.Count).Key;
        var stayingSilo = silos.Single(s => s != leavingSilo);
        var moved = held[leavingSilo];
        Assert.NotEmpty(moved);
        var (leaving, staying, client) = leavingSilo.Endpoint.Port == SiloPort(first) ? (first, second, throughSecond) : (second, first, throughFirst);
        var leavingPort = SiloPort(leaving);

        await StopAsync(leaving);

        Assert.Equal(ClusterObserver.Dead, (await MembersAsync()).Single(m => m.Port == leavingPort).Status);
        foreach (var company in companies)
        {
            var changed = await client.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{company}/size", new { size = "MidSize" });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal(2, (await changed.ReadAsync<OrganisationResponse>()).Version); // registered, then this change: nothing lost or doubled
        }

        Assert.Equal(moved.Order(), (await ActivationsAsync(staying, moved, stayingSilo)).Order()); // they came back, on the node that stayed
    }

    [Fact]
    public async Task a_start_applies_the_membership_schema_again_without_changing_it()
    {
        var node = await StartAsync();
        var before = await MembersAsync();

        await MembershipSchema.ApplyAsync(Database, CancellationToken.None);

        Assert.Equal(before, await MembersAsync());
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var keys = new NpgsqlCommand("select querykey from orleans.orleansquery order by 1", connection);
        var stored = new List<string>();
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.Equal(MembershipSchema.QueryKeys.Order(), stored);
        Assert.Equal(ClusterObserver.Active, Assert.Single(before).Status);
        Assert.Equal(SiloPort(node), before[0].Port);
    }

    private static int SiloPort(WebApplication app) =>
        int.Parse(app.Configuration["Orleans:SiloPort"]!, CultureInfo.InvariantCulture);

    private static IManagementGrain Management(WebApplication app) =>
        app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

    /// <summary>The organisations among <paramref name="ids"/> with an activation on <paramref name="silo"/>.</summary>
    private static async Task<List<Guid>> ActivationsAsync(WebApplication app, IReadOnlyCollection<Guid> ids, SiloAddress silo)
    {
        var statistics = await Management(app).GetDetailedGrainStatistics(types: null, hostsIds: [silo]);
        return [.. statistics.Select(s => s.GrainId).Where(g => g.Type.ToString()!.Contains("organisation", StringComparison.Ordinal))
            .Select(g => g.GetGuidKey()).Where(ids.Contains).Distinct()];
    }

    private Task<List<ClusterObserver.Member>> MembersAsync() => ClusterObserver.MembersAsync(Database);
}
