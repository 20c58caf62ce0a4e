using System.Net;
using System.Net.Http.Json;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Search;
using Marten;

namespace AlfaPlatform.Server.Tests.Dashboards;

[Collection(DashboardHistoryCollection.Name)]
public sealed class DashboardRebuildTests(DashboardHistoryFixture history)
{
    private static readonly string[] Dashboards = ["network", "membership", "pipeline", "value", "experience", "activity", "meetings"];

    [Fact]
    public async Task after_a_full_rebuild_every_figure_is_identical()
    {
        var staff = history.Platform.Client;
        await history.CaughtUpAsync();
        var before = await EverythingAsync(staff);
        var feed = await ActivityFeedAsync();
        var folded = await FoldedDocumentsAsync();
        // A routing's entry has every column: its subject (the team routed to), its partner company, for the network only.
        Assert.Contains(feed, row => row.Contains("| RequestRouted |", StringComparison.Ordinal) && !row.Contains("|  |", StringComparison.Ordinal) && row.EndsWith("| true", StringComparison.Ordinal));

        var started = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "all" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await DashboardLiveTests.RebuildsFinishedAsync(staff, DashboardProjections.Rebuildable);
        await history.CaughtUpAsync();

        var after = await EverythingAsync(staff);
        Assert.Equal(before.Count, after.Count);
        foreach (var (key, figures) in before)
        {
            Assert.Equal(figures, after[key]);
        }

        Assert.Equal(feed, await ActivityFeedAsync()); // written in bulk from the events, the rows a replay wrote
        Assert.Equal(folded, await FoldedDocumentsAsync()); // folded in memory and written once, the documents a replay wrote
    }

    [Fact]
    public async Task after_a_rebuild_the_search_index_finds_the_same_things_in_the_same_order()
    {
        var staff = history.Platform.Client;
        await history.CaughtUpAsync();
        var queries = new[] { "aml", "leucémie", "cytometry", "test organisation", "lead", "congress" };
        var before = await SearchesAsync(staff, queries);
        Assert.Contains(before.Values, found => found.Contains("recordId", StringComparison.Ordinal)); // the history holds searchable records
        var entries = await EntriesAsync();

        var started = await staff.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "search" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await DashboardLiveTests.RebuildsFinishedAsync(staff, ["search"]);
        await history.CaughtUpAsync();

        Assert.Equal(before, await SearchesAsync(staff, queries));
        Assert.Equal(entries, await EntriesAsync()); // written from the records, the index a replay of the events ended with
    }

    /// <summary>Every entry of the search index, every column (the vectors as text), in order.</summary>
    private Task<List<string>> EntriesAsync() => RowsAsync(
        $"select concat_ws(' | ', id, kind, record_id, title, body, audience, organisation_id, targets::text, words::text, topics::text) " +
        $"from {SearchIndexSchema.Table(history.Platform.Store.Options.DatabaseSchemaName)} order by id");

    /// <summary>Every entry of the activity feed, every column (a missing subject or partner as an empty one), in order.</summary>
    private Task<List<string>> ActivityFeedAsync() => RowsAsync(
        "select concat_ws(' | ', sequence, at, record, record_id, event, coalesce(subject_id::text, ''), coalesce(partner_organisation_id::text, ''), network_only::text) " +
        $"from {ActivityFeedSchema.Table(history.Platform.Store.Options.DatabaseSchemaName)} order by sequence");

    /// <summary>Every document of the dashboards' folding projections, as stored JSON, by type and id.</summary>
    private async Task<List<string>> FoldedDocumentsAsync()
    {
        var documents = new List<string>();
        foreach (var type in new[] { NetworkOverviewProjection.Documents, MembershipProjection.Documents, PartnershipProjection.Documents, MeetingsProjection.Documents }.SelectMany(t => t))
        {
            var table = history.Platform.Store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            documents.AddRange(await RowsAsync($"select concat_ws(' | ', '{type.Name}', id, data::text) from {table} order by id"));
        }

        return documents;
    }

    private async Task<List<string>> RowsAsync(string select)
    {
        await using var session = history.Platform.Store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>(select, CancellationToken.None);
        Assert.NotEmpty(rows);
        return [.. rows];
    }

    private static async Task<Dictionary<string, string>> SearchesAsync(HttpClient client, IEnumerable<string> queries)
    {
        var found = new Dictionary<string, string>();
        foreach (var query in queries)
        {
            found[query] = await client.GetStringAsync($"/api/search?q={Uri.EscapeDataString(query)}&pageSize=50");
        }

        return found;
    }

    /// <summary>Every dashboard today and as of three earlier days, as JSON text without the freshness.</summary>
    private static async Task<Dictionary<string, string>> EverythingAsync(HttpClient client)
    {
        var all = new Dictionary<string, string>();
        foreach (var dashboard in Dashboards)
        {
            foreach (var asOf in new string?[] { null, "2024-02-06", "2024-06-30", "2024-09-12", "2025-01-31" })
            {
                all[$"{dashboard}@{asOf}"] = (await DashboardHistoryFixture.FiguresAsync(client, dashboard, asOf)).ToJsonString();
            }
        }

        return all;
    }
}
