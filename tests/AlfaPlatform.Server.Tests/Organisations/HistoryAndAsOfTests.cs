using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

[Collection(PlatformCollection.Name)]
public sealed class HistoryAndAsOfTests(PlatformFixture platform)
{
    private readonly HttpClient _client = platform.Client;

    /// <summary>
    /// An organisation registered in January 2025, that joined the network in March and was renamed in June.
    /// Events are recorded now and then moved back to those days, as if the platform had been there all along; the
    /// joining can be moved to another instant (<paramref name="joinedAt"/>).
    /// </summary>
    private async Task<OrganisationResponse> OrganisationWithAPastAsync(string marker, string joinedAt = "2025-03-01T10:00:00Z")
    {
        var organisation = await _client.RegisterOrganisationAsync(marker);
        var url = $"/api/organisations/{organisation.Id}";
        await _client.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2025-03-01" });
        await _client.SendJsonAsync(HttpMethod.Put, $"{url}/profile", new { name = "Renamed in June", acronym = marker, country = "FR" });

        await platform.BackdateAsync<Organisation>(organisation.Id, (1, "2025-01-10T09:00:00Z"), (2, joinedAt), (3, "2025-06-15T23:30:00Z"));
        return organisation;
    }

    [Fact]
    public async Task a_record_as_of_a_date_is_as_it_stood_at_the_end_of_that_day()
    {
        var marker = "AO" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var organisation = await OrganisationWithAPastAsync(marker);
        var url = $"/api/organisations/{organisation.Id}";

        var beforeIt = await _client.GetAsync($"{url}?asOf=2025-01-09");
        var registered = await (await _client.GetAsync($"{url}?asOf=2025-01-10")).ReadAsync<OrganisationResponse>();
        var joined = await (await _client.GetAsync($"{url}?asOf=2025-03-01")).ReadAsync<OrganisationResponse>();
        var dayBeforeRename = await (await _client.GetAsync($"{url}?asOf=2025-06-14")).ReadAsync<OrganisationResponse>();
        var renamed = await _client.GetAsync($"{url}?asOf=2025-06-15");

        Assert.Equal(HttpStatusCode.NotFound, beforeIt.StatusCode);
        Assert.Equal((1, false, organisation.Name), (registered.Version, registered.IsNetworkMember, registered.Name));
        Assert.Equal((2, true), (joined.Version, joined.IsNetworkMember));
        Assert.Equal(organisation.Name, dayBeforeRename.Name);
        Assert.Equal("\"3\"", renamed.Headers.ETag?.Tag);
        Assert.Equal("Renamed in June", (await renamed.ReadAsync<OrganisationResponse>()).Name);
    }

    [Fact]
    public async Task the_directory_as_of_a_date_lists_what_existed_then_as_it_was_then()
    {
        var marker = "AD" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var organisation = await OrganisationWithAPastAsync(marker);

        var before = await (await _client.GetAsync($"/api/organisations?text={marker}&asOf=2025-01-09")).ReadAsync<JsonElement>();
        var spring = await (await _client.GetAsync($"/api/organisations?text={marker}&asOf=2025-04-30")).ReadAsync<JsonElement>();
        var summer = await (await _client.GetAsync($"/api/organisations?text=renamed%20in%20june&asOf=2025-06-30")).ReadAsync<JsonElement>();
        var springByNewName = await (await _client.GetAsync($"/api/organisations?text=renamed%20in%20june&asOf=2025-04-30")).ReadAsync<JsonElement>();

        Assert.Equal(0, before.GetProperty("total").GetInt32());
        Assert.Equal(organisation.Name, spring.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.True(spring.GetProperty("items")[0].GetProperty("isNetworkMember").GetBoolean());
        Assert.Contains(summer.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == organisation.Id);
        Assert.DoesNotContain(springByNewName.GetProperty("items").EnumerateArray(), o => o.GetProperty("id").GetGuid() == organisation.Id);
    }

    [Fact]
    public async Task a_change_stamped_before_the_one_it_follows_counts_from_when_both_were_known_in_the_directory_as_in_the_record()
    {
        // The joining (version 2) stamped five days before the registration (version 1), as a node with a slower clock
        // would: until the registration was known, neither counts.
        var marker = "AS" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var organisation = await OrganisationWithAPastAsync(marker, joinedAt: "2025-01-05T10:00:00Z");
        var url = $"/api/organisations/{organisation.Id}";

        foreach (var day in new[] { "2025-01-05", "2025-01-09" })
        {
            Assert.Equal(0, (await (await _client.GetAsync($"/api/organisations?text={marker}&asOf={day}")).ReadAsync<JsonElement>()).GetProperty("total").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{url}?asOf={day}")).StatusCode);
        }

        var listed = Assert.Single((await (await _client.GetAsync($"/api/organisations?text={marker}&asOf=2025-01-10")).ReadAsync<JsonElement>())
            .GetProperty("items").EnumerateArray());
        var record = await (await _client.GetAsync($"{url}?asOf=2025-01-10")).ReadAsync<OrganisationResponse>();
        Assert.Equal((2, true), (record.Version, record.IsNetworkMember));
        Assert.Equal((record.Version, record.IsNetworkMember, record.Name),
            (listed.GetProperty("version").GetInt64(), listed.GetProperty("isNetworkMember").GetBoolean(), listed.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task history_lists_every_change_oldest_first_with_who_when_why_and_what_changed()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}";
        await _client.SendJsonAsync(HttpMethod.Post, $"{url}/capabilities", new { capabilities = new[] { "Diagnostics" } });
        var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"{url}/capabilities/Diagnostics?reason=moved%20to%20a%20partner");
        withdraw.Headers.Add("X-Correlation-Id", "ticket-4711");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(withdraw)).StatusCode);

        var history = await (await _client.GetAsync($"{url}/history")).ReadAsync<JsonElement>();

        var entries = history.EnumerateArray().ToList();
        Assert.Equal(["OrganisationRegistered", "CapabilityDeclared", "CapabilityWithdrawn"], entries.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.GetProperty("version").GetInt64()));
        var me = await (await _client.GetAsync("/api/me")).ReadAsync<JsonElement>();
        Assert.All(entries, e => Assert.Equal(me.GetProperty("id").GetString(), e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal("Network office (first account)", e.GetProperty("actorName").GetString()));
        Assert.All(entries, e => Assert.Equal("staff", e.GetProperty("role").GetString()));
        Assert.True(entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).SequenceEqual(entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).Order()));
        var last = entries[2];
        Assert.Equal("ticket-4711", last.GetProperty("correlationId").GetString());
        Assert.Equal("moved to a partner", last.GetProperty("data").GetProperty("reason").GetString());
        var change = Assert.Single(last.GetProperty("changes").EnumerateArray());
        Assert.Equal("capabilities", change.GetProperty("field").GetString());
        Assert.Equal("""["Diagnostics"]""", change.GetProperty("before").GetRawText());
        Assert.Equal("[]", change.GetProperty("after").GetRawText());
        Assert.Contains(entries[0].GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "acronym");
        // A field that was absent and is still empty did not change.
        Assert.DoesNotContain(entries[0].GetProperty("changes").EnumerateArray(), c => c.GetProperty("after").ValueKind == JsonValueKind.Null);
    }
}
