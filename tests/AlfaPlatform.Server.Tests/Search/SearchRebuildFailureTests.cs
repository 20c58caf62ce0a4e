using System.Net;
using System.Net.Http.Json;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search;
using AlfaPlatform.Server.Search.Contracts;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Search;

/// <summary>A rebuild of the search index from the records that fails half-way leaves the daemon to replay every event into it.</summary>
public sealed class SearchRebuildFailureTests : OwnDatabaseTests
{
    [Fact]
    public async Task a_rebuild_that_fails_after_emptying_the_index_is_reported_and_the_index_is_replayed_whole()
    {
        var app = await StartAsync(configure: builder => builder.Services.AddSingleton<IRebuiltWithoutReplay, FailsHalfWay>());
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var organisation = await staff.RegisterOrganisationAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await FoundAsync(staff, organisation.Acronym));

        var started = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = SearchIndexProjection.Name });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var failed = Assert.Single(await DashboardLiveTests.RebuildsEndedAsync(staff, [SearchIndexProjection.Name]));
        Assert.Contains(FailsHalfWay.Message, failed.GetProperty("failure").GetString());

        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await FoundAsync(staff, organisation.Acronym));
    }

    private static async Task<long> FoundAsync(HttpClient client, string acronym) =>
        (await client.GetAsync($"/api/search?q={acronym}&kind=organisation").OkJsonAsync()).GetProperty("total").GetInt64();

    /// <summary>Empties the index, as the real rebuild does first, then fails before writing it again.</summary>
    private sealed class FailsHalfWay(IDocumentStore store) : IRebuiltWithoutReplay
    {
        public const string Message = "the test's rebuild failed half-way";

        public string Projection => SearchIndexProjection.Name;

        public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            session.QueueSqlCommand($"delete from {SearchIndexSchema.Table(store.Options.DatabaseSchemaName)}");
            await session.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException(Message);
        }
    }
}
