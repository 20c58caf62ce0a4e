using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;

namespace AlfaPlatform.Server.Tests.Audit;

[Collection(PlatformCollection.Name)]
public sealed class AuditTests(PlatformFixture platform)
{
    [Fact]
    public async Task every_organisation_command_records_actor_role_and_correlation_id_and_the_audit_trail_finds_them()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var url = $"/api/organisations/{organisation.Id}";
        var correlation = $"audit-{Guid.NewGuid():N}";
        async Task Send(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Add("X-Correlation-Id", correlation);
            Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendAsync(request)).StatusCode);
        }

        await Send(HttpMethod.Put, $"{url}/profile", new { name = "Audited", acronym = organisation.Acronym, country = "FR" });
        await Send(HttpMethod.Post, $"{url}/capabilities", new { capabilities = new[] { "Diagnostics" } });
        await Send(HttpMethod.Delete, $"{url}/capabilities/Diagnostics?reason=moved");
        await Send(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2024-01-01" });
        await Send(HttpMethod.Post, $"{url}/network-membership/leave", new { on = "2024-06-01", reason = "merged" });
        await Send(HttpMethod.Post, $"{url}/archive", new { reason = "closed" });
        var me = await (await platform.Client.GetAsync("/api/me")).ReadAsync<JsonElement>();
        var actor = me.GetProperty("id").GetString();

        await using var session = platform.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(organisation.Id);
        Assert.Equal(7, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal(actor, e.GetHeader(EventStore.ActorHeader)?.ToString());
            Assert.Equal("staff", e.GetHeader(EventStore.RoleHeader)?.ToString());
            Assert.False(string.IsNullOrEmpty(e.CorrelationId));
        });
        Assert.All(events.Skip(1), e => Assert.Equal(correlation, e.CorrelationId));
        Assert.Equal(6, events.Skip(1).Select(e => e.CausationId).Distinct().Count()); // one causation per command

        var byRecord = await (await platform.Client.GetAsync($"/api/audit?record={organisation.Id}")).ReadAsync<JsonElement>();
        var entries = byRecord.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(7, byRecord.GetProperty("total").GetInt32());
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(v => (long)v), entries.Select(e => e.GetProperty("version").GetInt64()));
        Assert.All(entries, e => Assert.Equal("Network office (first account)", e.GetProperty("actorName").GetString()));
        Assert.Equal("OrganisationArchived", entries[0].GetProperty("event").GetString());

        var from = Uri.EscapeDataString(events[0].Timestamp.AddMilliseconds(-1).ToString("O"));
        var to = Uri.EscapeDataString(events[^1].Timestamp.AddMilliseconds(1).ToString("O"));
        var byActorAndTime = await (await platform.Client.GetAsync($"/api/audit?actor={actor}&from={from}&to={to}&pageSize=500")).ReadAsync<JsonElement>();
        Assert.Superset(
            events.Select(e => e.Sequence).ToHashSet(),
            byActorAndTime.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToHashSet());
        var nobody = await (await platform.Client.GetAsync($"/api/audit?actor=nobody&record={organisation.Id}")).ReadAsync<JsonElement>();
        Assert.Equal(0, nobody.GetProperty("total").GetInt32());
        // The time range does filter: a window ending before the registration excludes all of it.
        var before = Uri.EscapeDataString(events[0].Timestamp.AddMilliseconds(-1).ToOffset(TimeSpan.FromHours(1)).ToString("O"));
        var tooEarly = await (await platform.Client.GetAsync($"/api/audit?record={organisation.Id}&to={before}")).ReadAsync<JsonElement>();
        Assert.Equal(0, tooEarly.GetProperty("total").GetInt32());
        Assert.All(entries, e => Assert.Equal("staff", e.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task granting_and_withdrawing_access_is_in_the_audit_trail_too()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var account = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"audited-{Guid.NewGuid():N}@example.org", displayName = "Audited", roles = new[] { "staff" },
        })).ReadAsync<JsonElement>();
        var accountId = account.GetProperty("account").GetProperty("id").GetGuid();
        await platform.Client.PostAsync($"/api/accounts/{accountId}/deactivate", null);
        var client = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "Audited system", partnerOrganisationId = company.Id }))
            .ReadAsync<JsonElement>();
        var clientId = client.GetProperty("client").GetProperty("clientId").GetString()!;
        await platform.Client.DeleteAsync($"/api/api-clients/{clientId}");

        var accountTrail = await (await platform.Client.GetAsync($"/api/audit?record={accountId}")).ReadAsync<JsonElement>();
        var clientTrail = await (await platform.Client.GetAsync($"/api/audit?record={Guid.Parse(clientId["partner-".Length..])}")).ReadAsync<JsonElement>();

        Assert.Equal(["AccountDeactivated", "AccountOpened"], accountTrail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(["ApiClientRevoked", "ApiClientIssued"], clientTrail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.All(accountTrail.GetProperty("items").EnumerateArray().Concat(clientTrail.GetProperty("items").EnumerateArray()), e =>
        {
            Assert.Equal("staff", e.GetProperty("role").GetString());
            Assert.Equal("Network office (first account)", e.GetProperty("actorName").GetString());
        });
    }
}
