using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Collaborations;

[Collection(PlatformCollection.Name)]
public sealed class CollaborationRequestTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    private async Task<HttpClient> PartnerOfANewCompanyAsync() =>
        await platform.SignInAsAsync(["partner"], (await _staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);

    private static async Task<Guid> DraftAsync(HttpClient partner, string title = "NPM1 MRD follow-up")
    {
        var response = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new
        {
            title, summary = "MRD monitoring in NPM1-mutated AML", confidentialDetails = "Compound X, phase II",
            kinds = new[] { "MrdMonitoring" }, diseaseAreas = new[] { "AML" }, capabilities = new[] { "MrdFlowCytometry" },
            budgetMinEuros = 100000, budgetMaxEuros = 250000,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<string> StateOf(HttpClient client, Guid request) =>
        (await (await client.GetAsync($"/api/collaborations/{request}")).ReadAsync<JsonElement>()).GetProperty("state").GetString()!;

    [Fact]
    public async Task a_partner_drafts_and_submits_and_staff_screen_and_accept_it_into_assessment()
    {
        using var partner = await PartnerOfANewCompanyAsync();
        var request = await DraftAsync(partner);

        Assert.Equal(HttpStatusCode.OK, (await partner.SendJsonAsync(HttpMethod.Put, $"/api/collaborations/{request}/draft", new
        {
            title = "NPM1 MRD follow-up (phase II)", summary = "MRD monitoring in NPM1-mutated AML",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.PostAsync($"/api/collaborations/{request}/submit", null)).StatusCode);
        Assert.Equal("Submitted", await StateOf(partner, request));
        Assert.Equal(HttpStatusCode.OK, (await _staff.PostAsync($"/api/collaborations/{request}/screening", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/accept", new { note = "fits" })).StatusCode);

        Assert.Equal("Assessment", await StateOf(partner, request));
        var pipeline = await (await _staff.GetAsync("/api/collaborations?state=Assessment")).ReadAsync<JsonElement>();
        Assert.Contains(pipeline.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == request);
        var timeline = await (await partner.GetAsync($"/api/collaborations/{request}/history")).ReadAsync<JsonElement>();
        Assert.Equal(["RequestDrafted", "DraftUpdated", "RequestSubmitted", "ScreeningStarted", "AcceptedForAssessment"],
            timeline.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task a_step_the_table_does_not_allow_is_409_naming_the_current_state()
    {
        using var partner = await PartnerOfANewCompanyAsync();
        var request = await DraftAsync(partner);
        await partner.PostAsync($"/api/collaborations/{request}/submit", null);

        var again = await partner.PostAsync($"/api/collaborations/{request}/submit", null);
        var tooEarly = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/accept", new { });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ProblemAsync();
        Assert.Equal("illegal_transition", problem.GetProperty("code").GetString());
        Assert.Contains("Submitted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("illegal_transition", (await tooEarly.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_partner_never_sees_nor_touches_another_partners_request()
    {
        using var owner = await PartnerOfANewCompanyAsync();
        using var other = await PartnerOfANewCompanyAsync();
        var request = await DraftAsync(owner, "Secret programme");
        await DraftAsync(other, "Other's own");
        var before = await platform.CountEventsAsync();

        var list = await (await other.GetAsync("/api/collaborations")).ReadAsync<JsonElement>();
        var record = await other.GetAsync($"/api/collaborations/{request}");
        var history = await other.GetAsync($"/api/collaborations/{request}/history");
        var submit = await other.PostAsync($"/api/collaborations/{request}/submit", null);
        var withdraw = await other.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/withdraw", new { reason = "mine now" });

        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == request);
        Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, submit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task staff_decline_with_a_reason_and_only_staff_may_and_members_see_only_what_is_routed_to_them()
    {
        using var partner = await PartnerOfANewCompanyAsync();
        var request = await DraftAsync(partner);
        await partner.PostAsync($"/api/collaborations/{request}/submit", null);
        using var member = await platform.SignInAsAsync(["member"]);
        using var viewer = await platform.SignInAsAsync(["viewer"]);

        var byPartner = await partner.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/decline", new { reason = "OutOfScope", message = "no" });
        var byMember = await member.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/decline", new { reason = "OutOfScope", message = "no" });
        var inboxOfMember = await (await member.GetAsync("/api/collaborations")).ReadAsync<JsonElement>();
        var byViewer = await viewer.GetAsync("/api/collaborations");
        var anonymous = await platform.Anonymous.GetAsync("/api/collaborations");
        var declined = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/decline",
            new { reason = "TooEarlyStage", message = "Come back with phase I data." });

        Assert.Equal(HttpStatusCode.Forbidden, byPartner.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(0, inboxOfMember.GetProperty("total").GetInt32()); // routed to none of their teams
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var seen = await (await partner.GetAsync($"/api/collaborations/{request}")).ReadAsync<JsonElement>();
        Assert.Equal("Declined", seen.GetProperty("state").GetString());
        Assert.Equal("TooEarlyStage", seen.GetProperty("declined").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task lists_search_the_title_and_summary_and_answer_as_of_a_past_date_within_what_the_caller_may_see()
    {
        using var owner = await PartnerOfANewCompanyAsync();
        using var other = await PartnerOfANewCompanyAsync();
        var word = "Zq" + Guid.NewGuid().ToString("N")[..8];
        var request = await DraftAsync(owner, $"Programme {word}");

        async Task<List<Guid>> Search(HttpClient client, string query) =>
            [.. (await (await client.GetAsync($"/api/collaborations?{query}")).ReadAsync<JsonElement>())
                .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];

        Assert.Equal([request], await Search(owner, $"text={word.ToLowerInvariant()}"));
        Assert.Equal([request], await Search(_staff, $"text={word}"));
        Assert.Empty(await Search(other, $"text={word}"));
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(await Search(_staff, $"text={word}&asOf={yesterday}"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([request], await Search(owner, $"asOf={today}&state=Draft&text={word}"));
        Assert.Empty(await Search(other, $"asOf={today}&text={word}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _staff.GetAsync("/api/collaborations?asOf=2999-01-01")).StatusCode);
    }
}
