using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Search.Contracts;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Notifications;
using Marten;
using Marten.Events;
using Marten.Events.Daemon;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>Open dashboards are told when their projections move on (server-sent events), and rebuilds while serving.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardLiveTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_change_made_through_the_api_reaches_an_open_dashboard_stream()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await DashboardStream.OpenAsync(platform.Client, timeout.Token);
        var states = await stream.ReadAsync(DashboardProjections.All.Count, timeout.Token);
        Assert.All(states, s => Assert.Equal("state", s.Event));

        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "RndPlatform");

        var change = await stream.WaitForCaughtUpAsync(platform.Store, DashboardProjections.Network, timeout.Token);
        Assert.Contains("network", change.Data.GetProperty("dashboards").EnumerateArray().Select(d => d.GetString()));
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var activity = await platform.Client.GetAsync("/api/dashboards/activity?limit=200").OkJsonAsync();
        Assert.Contains(activity.GetProperty("figures").GetProperty("items").EnumerateArray(), i => i.GetProperty("recordId").GetGuid() == organisation.Id);
    }

    [Fact]
    public async Task answers_and_open_streams_say_when_a_projection_is_being_rebuilt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await DashboardStream.OpenAsync(platform.Client, timeout.Token);
        await stream.ReadAsync(DashboardProjections.All.Count, timeout.Token);

        // A rebuild as every node sees it: its document, marked running until it ends (run by a node this one leaves it to).
        await using (var session = platform.Store.LightweightSession())
        {
            session.Store(new ProjectionRebuild(DashboardProjections.Membership, DateTimeOffset.UtcNow, null, "test", null, RunOn: "another node"));
            await session.SaveChangesAsync();
        }

        try
        {
            var answer = await platform.Client.GetAsync("/api/dashboards/membership").OkJsonAsync();
            Assert.True(answer.GetProperty("freshness").GetProperty("rebuilding").GetBoolean());
            await stream.WaitForAsync(c => c.Event == "change" && c.Data.GetProperty("projection").GetString() == DashboardProjections.Membership
                && c.Data.GetProperty("rebuilding").GetBoolean(), timeout.Token);
        }
        finally
        {
            await using var session = platform.Store.LightweightSession();
            session.Store(new ProjectionRebuild(DashboardProjections.Membership, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "test", null, RunOn: "another node"));
            await session.SaveChangesAsync();
        }

        Assert.False((await platform.Client.GetAsync("/api/dashboards/membership").OkJsonAsync()).GetProperty("freshness").GetProperty("rebuilding").GetBoolean());
    }

    [Fact]
    public async Task records_written_while_the_search_index_is_rebuilt_are_found_after_it()
    {
        var registered = await RegisterWhileRebuildingAsync(SearchIndexProjection.Name);
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        foreach (var organisation in registered)
        {
            var found = await platform.Client.GetAsync($"/api/search?q={organisation.Acronym}&kind=organisation").OkJsonAsync();
            Assert.Equal(organisation.Id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("recordId").GetGuid());
        }
    }

    [Fact]
    public async Task every_change_made_while_the_activity_feed_is_rebuilt_has_one_entry_after_it()
    {
        var registered = await RegisterWhileRebuildingAsync(DashboardProjections.Activity, kind: "PartnerCompany");
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        await using var session = platform.Store.QuerySession();
        var (events, feed) = ((EventGraph)platform.Store.Options.Events, ActivityFeedSchema.Table(platform.Store.Options.DatabaseSchemaName));
        var records = new[] { typeof(Organisation), typeof(AlfaPlatform.Domain.Teams.Team), typeof(AlfaPlatform.Domain.People.Person), typeof(AlfaPlatform.Domain.Collaborations.CollaborationRequest) }
            .Select(events.AggregateAliasFor).ToArray();
        var withoutEntry = await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {events.DatabaseSchemaName}.mt_events e join {events.DatabaseSchemaName}.mt_streams s on s.id = e.stream_id " +
            $"where s.type = any(?) and not exists (select 1 from {feed} a where a.sequence = e.seq_id)", CancellationToken.None, (object)records);
        Assert.Equal(0, withoutEntry.Single()); // none missed at the rebuild's mark, before or after it
        foreach (var company in registered)
        {
            var entries = await session.AdvancedSql.QueryAsync<Guid>(
                $"select partner_organisation_id from {feed} where record_id = ? and event = ?", CancellationToken.None, company.Id, nameof(OrganisationRegistered));
            Assert.Equal(company.Id, Assert.Single(entries)); // once, as a partner company's own entry
        }
    }

    /// <summary>Asks for <paramref name="projection"/>'s rebuild and registers organisations until it has ended, and one after it.</summary>
    private async Task<List<OrganisationResponse>> RegisterWhileRebuildingAsync(string projection, string kind = "ResearchTeam")
    {
        var started = await platform.Client.PostAsJsonAsync("/api/dashboards/rebuild", new { projection });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var finished = RebuildsFinishedAsync(platform.Client, [projection]);
        var registered = new List<OrganisationResponse>();
        do
        {
            registered.Add(await platform.Client.RegisterOrganisationAsync(kind: kind));
        }
        while (!finished.IsCompleted);

        await finished;
        registered.Add(await platform.Client.RegisterOrganisationAsync(kind: kind)); // after it: the projection goes on with new events
        return registered;
    }

    [Fact]
    public async Task rebuilt_projections_go_on_with_new_events()
    {
        var before = await platform.Client.GetAsync("/api/dashboards/network").OkJsonAsync();
        var platforms = Count(before, "RndPlatform");

        // All at once: every shard stops, and with them the daemon's high-water agent, which must run again after.
        var started = await platform.Client.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "all" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await RebuildsFinishedAsync(platform.Client, DashboardProjections.Rebuildable);
        await platform.Client.RegisterOrganisationAsync(kind: "RndPlatform");
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var after = await platform.Client.GetAsync("/api/dashboards/network").OkJsonAsync();
        Assert.True(Count(after, "RndPlatform") >= platforms + 1);
        Assert.False(after.GetProperty("freshness").GetProperty("rebuilding").GetBoolean());
    }

    [Fact]
    public async Task a_high_water_agent_left_stopped_is_started_again_by_the_node_running_the_projections()
    {
        // Shards that stop and start together can leave the daemon's high-water agent stopped: a race inside the
        // daemon, seen once in CI after every projection was rebuilt at once, that no test can force. It is stopped by
        // hand here, and nothing else starts it again: no shard stops or starts.
        var daemon = (ProjectionDaemon)platform.App.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.PauseHighWaterAgentAsync();
        try
        {
            await platform.Client.RegisterOrganisationAsync(kind: "RndPlatform");
            await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await daemon.RestartHighWaterAgentAsync(CancellationToken.None); // for the tests after this one, had it failed
        }
    }

    [Fact]
    public async Task the_partnership_dashboards_name_a_partner_company_as_it_is_named_now()
    {
        var (partner, company) = await platform.PartnerOfANewCompanyAsync();
        using (partner)
        {
            await partner.DraftAsync("Cohort access for a renamed company");
        }

        var renamed = $"Renamed Pharma {Guid.NewGuid():N}"[..24];
        var profile = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{company}/profile", new
        {
            name = renamed, acronym = "R" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant(), city = "Lyon", country = "FR", website = "https://example.org",
        });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var pipeline = await platform.Client.GetAsync("/api/dashboards/pipeline").OkJsonAsync();
        var named = pipeline.GetProperty("figures").GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("organisationId").GetGuid() == company);
        Assert.Equal(renamed, named.GetProperty("name").GetString());
    }

    [Fact]
    public async Task the_activity_feed_lists_changes_by_when_they_were_recorded_an_import_of_the_past_among_them()
    {
        var (later, earlier) = (Guid.NewGuid(), Guid.NewGuid());
        await ImportOrganisationAsync(later, "2019-03-02T10:00:00Z"); // the lower sequence
        await ImportOrganisationAsync(earlier, "2019-03-01T10:00:00Z"); // imported after it, dated before it
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var items = (await platform.Client.GetAsync("/api/dashboards/activity?asOf=2019-03-02&limit=200").OkJsonAsync())
            .GetProperty("figures").GetProperty("items").EnumerateArray().ToList();
        var order = items.Select(i => i.GetProperty("recordId").GetGuid()).ToList();
        Assert.InRange(order.IndexOf(later), 0, order.IndexOf(earlier) - 1);

        var afterLater = items.Single(i => i.GetProperty("recordId").GetGuid() == later).GetProperty("sequence").GetInt64();
        var older = (await platform.Client.GetAsync($"/api/dashboards/activity?asOf=2019-03-02&limit=200&before={afterLater}").OkJsonAsync())
            .GetProperty("figures").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("recordId").GetGuid()).ToList();
        Assert.Equal(order.Skip(order.IndexOf(later) + 1), older);
    }

    /// <summary>Registers an organisation as an import of the past does: through its grain, its event dated <paramref name="recordedAt"/>.</summary>
    private Task ImportOrganisationAsync(Guid id, string recordedAt)
    {
        var acronym = "I" + id.ToString("N")[..7].ToUpperInvariant();
        return DashboardHistoryFixture.At(recordedAt, () => platform.Grains.GetGrain<IOrganisationGrain>(id)
            .ExecuteAsync(new RegisterOrganisation($"Imported {acronym}", acronym, OrganisationKind.ResearchTeam, "Paris", "FR", [], null), null));
    }

    private static int Count(JsonElement answer, string kind) =>
        answer.GetProperty("figures").GetProperty("organisationsByKind").TryGetProperty(kind, out var n) ? n.GetInt32() : 0;

    /// <summary>Waits (up to two minutes) until each of <paramref name="projections"/> has a finished rebuild, and fails on a failed one.</summary>
    /// <returns>The finished rebuilds, as <c>GET /api/dashboards/rebuilds</c> shows them.</returns>
    internal static async Task<List<JsonElement>> RebuildsFinishedAsync(HttpClient staff, IReadOnlyCollection<string> projections)
    {
        var rebuilds = await RebuildsEndedAsync(staff, projections);
        Assert.All(rebuilds, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("failure").ValueKind));
        return rebuilds;
    }

    /// <summary>Waits (up to two minutes) until each of <paramref name="projections"/> has a finished rebuild, failed or not.</summary>
    internal static async Task<List<JsonElement>> RebuildsEndedAsync(HttpClient staff, IReadOnlyCollection<string> projections)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var rebuilds = (await staff.GetAsync("/api/dashboards/rebuilds", timeout.Token).OkJsonAsync()).EnumerateArray()
                .Where(r => projections.Contains(r.GetProperty("id").GetString()!)).ToList();
            if (rebuilds.Count == projections.Count && rebuilds.All(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null))
            {
                return rebuilds;
            }

            await Task.Delay(100, timeout.Token); // until the rebuild ends, or the timeout fails the test
        }
    }
}

/// <summary>A real HTTP client reading <c>/api/dashboards/changes</c> as a browser's EventSource does.</summary>
internal sealed class DashboardStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private DashboardStream(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public sealed record Message(string Event, JsonElement Data);

    public static async Task<DashboardStream> OpenAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/dashboards/changes");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new DashboardStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    public async Task<IReadOnlyList<Message>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var messages = new List<Message>();
        while (messages.Count < count)
        {
            messages.Add(await NextAsync(cancellationToken));
        }

        return messages;
    }

    /// <summary>The first message that matches; the token's timeout fails the test when none comes.</summary>
    public async Task<Message> WaitForAsync(Func<Message, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await NextAsync(cancellationToken);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>
    /// The first change of <paramref name="projection"/> that has applied every event the store holds now: not merely
    /// a change past the state the stream opened with, which may be an event appended before the one awaited.
    /// </summary>
    public async Task<Message> WaitForCaughtUpAsync(IDocumentStore store, string projection, CancellationToken cancellationToken)
    {
        var newest = (await store.Advanced.FetchEventStoreStatistics(token: cancellationToken)).EventSequenceNumber;
        return await WaitForAsync(
            c => c.Event == "change" && c.Data.GetProperty("projection").GetString() == projection
                && c.Data.GetProperty("sequence").GetInt64() >= newest,
            cancellationToken);
    }

    private async Task<Message> NextAsync(CancellationToken cancellationToken)
    {
        string? type = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0 && data.Count > 0)
            {
                return new Message(type ?? "message", JsonDocument.Parse(string.Join('\n', data)).RootElement);
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
