using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// Two teams compete for one request: each reads what the partner and staff tell both, never the other's words;
/// the one not chosen leaves the conversation and the confidential details at the choice; neither reads the
/// network's words to the partner (a decline's message). The partner never sees the routing behind the shortlist.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CompetingTeamsTests(PlatformFixture platform)
{
    [Fact]
    public async Task the_team_not_chosen_leaves_the_conversation_and_rivals_never_read_each_other()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (a, teamA, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        var (b, teamB, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        using var memberA = a;
        using var memberB = b;
        var journey = new RequestJourney(staff, partner, teamA, teamB);
        var id = await journey.DraftAsync(RequestJourney.Details("Competing proposals", agreementRequired: false));
        var url = $"{Requests}/{id}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = teamA, reason = "INTERNAL: first choice" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = teamB, reason = "INTERNAL: cheaper, try them" }).ExpectAsync(HttpStatusCode.OK);

        // An unanswered routing is the network's own business: nothing of it in the partner's timeline.
        var partnerHistory = (await partner.GetAsync($"{url}/history").OkJsonAsync()).GetRawText();
        Assert.DoesNotContain(teamB.ToString(), partnerHistory, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("INTERNAL", partnerHistory, StringComparison.Ordinal);

        await memberA.PostAsync($"{url}/routings/{teamA}/answer", new { interested = true, approach = "A's approach", indicativeBudgetEuros = 100_000 })
            .ExpectAsync(HttpStatusCode.OK);
        await memberB.PostAsync($"{url}/routings/{teamB}/answer", new { interested = true, approach = "B's approach", indicativeBudgetEuros = 90_000 })
            .ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/shortlist", new { targetIds = new[] { teamA, teamB } }).ExpectAsync(HttpStatusCode.OK);

        await staff.PostAsync($"{url}/messages", new { text = "To both teams: timelines please" }).ExpectAsync(HttpStatusCode.OK);
        await memberA.PostAsync($"{url}/messages", new { text = "A: our price is firm" }).ExpectAsync(HttpStatusCode.OK);
        await memberB.PostAsync($"{url}/messages", new { text = "B: we can go lower" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["To both teams: timelines please", "A: our price is firm"], await ThreadAsync(memberA, url));
        Assert.Equal(["To both teams: timelines please", "B: we can go lower"], await ThreadAsync(memberB, url));
        Assert.Equal(3, (await ThreadAsync(partner, url)).Count);
        Assert.DoesNotContain("B's approach", (await memberA.GetAsync(url).OkJsonAsync()).GetRawText(), StringComparison.Ordinal);

        await partner.PostAsync($"{url}/select", new { targetId = teamA }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/messages", new { text = "Contract terms for A" }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["To both teams: timelines please", "B: we can go lower"], await ThreadAsync(memberB, url)); // what it was told until the choice
        Assert.Contains("Contract terms for A", await ThreadAsync(memberA, url));
        var bPosts = await memberB.PostAsync($"{url}/messages", new { text = "Reconsider?" }).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("not_in_conversation", (await bPosts.ProblemAsync()).GetProperty("code").GetString());
        var bOpens = await memberB.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("not_in_the_running", (await bOpens.ProblemAsync()).GetProperty("code").GetString());
        await memberA.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.OK);

        await staff.PostAsync($"{url}/decline", new { reason = "CommercialRouteUnclear", message = "INTERNAL: partner pricing unrealistic" })
            .ExpectAsync(HttpStatusCode.OK);
        foreach (var team in new[] { memberA, memberB })
        {
            var seen = await team.GetAsync(url).OkJsonAsync();
            Assert.Equal("CommercialRouteUnclear", seen.GetProperty("declined").GetProperty("reason").GetString());
            Assert.Equal(JsonValueKind.Null, seen.GetProperty("declined").GetProperty("message").ValueKind);
        }

        var toPartner = await partner.GetAsync(url).OkJsonAsync();
        Assert.Equal("INTERNAL: partner pricing unrealistic", toPartner.GetProperty("declined").GetProperty("message").GetString());
        await memberA.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.Forbidden); // closed
    }

    private static async Task<List<string>> ThreadAsync(HttpClient client, string url) =>
        [.. (await client.GetAsync($"{url}/messages").OkJsonAsync()).EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];
}
