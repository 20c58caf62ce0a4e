using System.Text.Json;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Seeding;

/// <summary>What the run command does on a fresh machine: seed once, then keep everything across restarts.</summary>
public sealed class NetworkSeedTests : OwnDatabaseTests
{
    [Fact]
    public async Task the_first_start_seeds_the_network_and_a_restart_keeps_every_record_and_adds_none()
    {
        var (firstList, firstEvents) = await RunOnceAsync(async (client, store) =>
        {
            var seeded = await client.GetAsync("/api/organisations?pageSize=200");
            var alfa = (await seeded.ReadAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                .Single(o => o.GetProperty("acronym").GetString() == "ALFA").GetProperty("id").GetGuid();
            // A change made between the two starts must survive the restart, and the seed must not undo it.
            await client.DeleteAsync($"/api/organisations/{alfa}/capabilities/MrdFlowCytometry");
            return await client.GetAsync("/api/organisations?pageSize=200");
        });
        var (secondList, secondEvents) = await RunOnceAsync((client, _) => client.GetAsync("/api/organisations?pageSize=200"));

        var first = await firstList.ReadAsync<JsonElement>();
        var acronyms = first.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("acronym").GetString()).ToList();
        Assert.Equal(OrganisationSeed.Network.Count, first.GetProperty("total").GetInt32());
        Assert.Superset(new HashSet<string?> { "OPALE", "ALFA", "FILO", "GRAALL", "GFM", "FIM", "SFCE", "THEMA", "MEARY-GB" }, acronyms.ToHashSet());
        Assert.Equal(first.GetRawText(), (await secondList.ReadAsync<JsonElement>()).GetRawText());
        Assert.Equal(firstEvents, secondEvents);
    }

    [Fact]
    public async Task the_seed_imports_the_network_as_it_stood_when_labelled_so_past_views_show_it()
    {
        var (views, _) = await RunOnceAsync(async (client, _) => (
            Before: await (await client.GetAsync("/api/organisations?asOf=2020-01-31")).ReadAsync<JsonElement>(),
            Labelled: await (await client.GetAsync("/api/organisations?asOf=2020-02-01&pageSize=200")).ReadAsync<JsonElement>(),
            MidYear: await (await client.GetAsync("/api/organisations?asOf=2025-06-30&kind=CooperativeGroup")).ReadAsync<JsonElement>()));

        Assert.Equal(0, views.Before.GetProperty("total").GetInt32());
        Assert.Equal(OrganisationSeed.Network.Count, views.Labelled.GetProperty("total").GetInt32());
        Assert.All(views.Labelled.GetProperty("items").EnumerateArray(), o => Assert.True(o.GetProperty("isNetworkMember").GetBoolean()));
        Assert.Equal(7, views.MidYear.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task opale_is_seeded_as_the_institute_and_as_one_of_the_seven_cooperative_groups_its_text_lists()
    {
        var (directory, _) = await RunOnceAsync(async (client, _) => (
            Institute: await (await client.GetAsync($"/api/organisations/{OrganisationSeed.IdOf("OPALE")}")).ReadAsync<JsonElement>(),
            Groups: await (await client.GetAsync("/api/organisations?kind=CooperativeGroup")).ReadAsync<JsonElement>(),
            Found: await (await client.GetAsync("/api/organisations?text=OPALE")).ReadAsync<JsonElement>()));

        Assert.Equal(("OPALE", "Institute"), (directory.Institute.GetProperty("acronym").GetString(), directory.Institute.GetProperty("kind").GetString()));
        var groups = directory.Groups.GetProperty("items").EnumerateArray().ToDictionary(o => o.GetProperty("acronym").GetString()!, o => o.GetProperty("name").GetString());
        Assert.Equal(["ALFA", "FILO", "FIM", "GFM", "GRAALL", "OPALE-CG", "SFCE"], groups.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Organization for Partnerships in Leukemia (OPALE)", groups["OPALE-CG"]);
        Assert.Equal(["Institute", "CooperativeGroup"], directory.Found.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task a_database_that_already_holds_organisations_is_not_seeded_and_still_starts()
    {
        // Someone registered ALFA by hand before seeding was switched on: the seed must neither duplicate nor crash.
        var app = await StartAsync(seed: false);
        using (var client = await PlatformFixture.CreateClientAsync(app))
        {
            await client.RegisterOrganisationAsync("ALFA", kind: "CooperativeGroup");
        }

        await StopAsync(app);

        var (list, _) = await RunOnceAsync((client, _) => client.GetAsync("/api/organisations?includeArchived=true"));

        Assert.Equal(1, (await list.ReadAsync<JsonElement>()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task seeded_organisations_have_history_written_by_the_system()
    {
        var history = await RunOnceAsync(async (client, _) =>
            await client.GetAsync($"/api/organisations/{OrganisationSeed.IdOf("GRAALL")}/history"));

        var entries = (await history.Result.ReadAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal("OrganisationRegistered", entries[0].GetProperty("event").GetString());
        Assert.Equal("OrganisationJoinedNetwork", entries[^1].GetProperty("event").GetString());
        Assert.All(entries, e => Assert.Equal("system", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal(new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), e.GetProperty("at").GetDateTimeOffset()));
    }

    private async Task<(T Result, long Events)> RunOnceAsync<T>(Func<HttpClient, IDocumentStore, Task<T>> use)
    {
        var app = await StartAsync(seed: true);
        try
        {
            using var client = await PlatformFixture.CreateClientAsync(app);
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var result = await use(client, store);
            await using var session = store.QuerySession();
            return (result, await session.Events.QueryAllRawEvents().LongCountAsync());
        }
        finally
        {
            await StopAsync(app);
        }
    }
}
