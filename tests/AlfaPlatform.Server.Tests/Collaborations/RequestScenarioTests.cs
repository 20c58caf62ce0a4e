using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// One request from draft to completed through the HTTP API, each step taken by the role it belongs to: a partner
/// company, the network's staff, and two routed teams (A and B, each through a member account linked to a person in
/// the team); a third team (C) is never routed to it. After every step each party's view is checked.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RequestScenarioTests(PlatformFixture platform)
{
    private const string Secret = RequestJourney.ConfidentialDetails;

    [Fact]
    public async Task a_request_goes_from_draft_to_completed_and_each_party_sees_only_its_part_at_each_step()
    {
        var staff = platform.Client;
        var focus = "Focus" + Guid.NewGuid().ToString("N")[..8]; // a disease area only team A works on: it ranks A for this request
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (a, teamA, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML", focus);
        var (b, teamB, _) = await platform.SignInAsMemberOfANewTeamAsync("Biologist", "AML");
        var (c, teamC, _) = await platform.SignInAsMemberOfANewTeamAsync("Clinician", "CLL");
        using var memberA = a;
        using var memberB = b;
        using var memberC = c;
        var journey = new RequestJourney(staff, partner, teamA, teamB);

        // Draft: the partner's and the staff's only.
        var id = await journey.DraftAsync(RequestJourney.Details("NPM1 MRD follow-up", agreementRequired: true, "AML", focus));
        var url = $"{Requests}/{id}";
        await SeenAsync("Draft", routed: false);
        Assert.Contains(id, (await staff.GetAsync($"{Requests}?state=Draft").OkJsonAsync()).Ids());
        Assert.Contains(id, (await partner.GetAsync(Requests).OkJsonAsync()).Ids());

        await partner.SendJsonAsync(HttpMethod.Put, $"{url}/draft", RequestJourney.Details("NPM1 MRD follow-up (phase II)", agreementRequired: true, "AML", focus))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("NPM1 MRD follow-up (phase II)", (await SeenAsync("Draft", routed: false)).GetProperty("title").GetString());

        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await SeenAsync("Submitted", routed: false);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await SeenAsync("Screening", routed: false);
        await staff.PostAsync($"{url}/accept", new { note = "In scope: MRD in AML" }).ExpectAsync(HttpStatusCode.OK);
        await SeenAsync("Assessment", routed: false);

        // Staff look where to route it (team A's focus matches), then route to A and B.
        var suggestions = await staff.GetAsync($"{url}/suggestions").OkJsonAsync();
        var forA = suggestions.EnumerateArray().Single(s => s.GetProperty("targetId").GetGuid() == teamA);
        Assert.Contains($"focus on {focus}", forA.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await partner.GetAsync($"{url}/suggestions").ExpectAsync(HttpStatusCode.Forbidden);
        await memberA.GetAsync($"{url}/suggestions").ExpectAsync(HttpStatusCode.Forbidden);
        await staff.PostAsync($"{url}/routings", new { targetId = teamA, reason = "MRD flow cytometry" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = teamB, reason = "AML cohort" }).ExpectAsync(HttpStatusCode.OK);
        var routed = await SeenAsync("Assessment", routed: true);
        Assert.Empty(routed.GetProperty("routings").EnumerateArray()); // the partner is not shown whom the network asked
        Assert.Equal([teamA, teamB], Targets(await staff.GetAsync(url).OkJsonAsync(), "routings"));
        var seenByA = await memberA.GetAsync(url).OkJsonAsync();
        Assert.Equal([teamA], Targets(seenByA, "routings"));
        Assert.True(seenByA.GetProperty("hasConfidentialDetails").GetBoolean());
        Assert.True(seenByA.GetProperty("confidentialityAgreementRequired").GetBoolean());
        Assert.False(seenByA.GetProperty("mayOpenConfidentialDetails").GetBoolean());
        Assert.Equal([teamB], Targets(await memberB.GetAsync(url).OkJsonAsync(), "routings"));

        // Inboxes: A and B have it, C has nothing and may not look into another team's inbox.
        Assert.Contains(id, (await memberA.GetAsync(Requests).OkJsonAsync()).Ids());
        Assert.Contains(id, (await memberA.GetAsync($"{Requests}/inbox/{teamA}").OkJsonAsync()).Ids());
        Assert.Contains(id, (await memberB.GetAsync($"{Requests}?state=Assessment").OkJsonAsync()).Ids());
        Assert.Contains(id, (await memberB.GetAsync($"{Requests}/inbox/{teamB}").OkJsonAsync()).Ids());
        Assert.Contains(id, (await staff.GetAsync($"{Requests}/inbox/{teamA}").OkJsonAsync()).Ids());
        Assert.Empty((await memberC.GetAsync(Requests).OkJsonAsync()).Ids());
        Assert.Empty((await memberC.GetAsync($"{Requests}/inbox/{teamC}").OkJsonAsync()).Ids());
        await memberC.GetAsync($"{Requests}/inbox/{teamA}").ExpectAsync(HttpStatusCode.NotFound);
        await memberA.GetAsync($"{Requests}/inbox/{teamB}").ExpectAsync(HttpStatusCode.NotFound);

        // The partner asked for a confidentiality agreement: until one is recorded, a routed team may not open the details.
        var refused = await memberA.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("confidentiality_agreement_required", (await refused.ProblemAsync()).GetProperty("code").GetString());
        await memberC.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal(Secret, (await staff.PostAsync($"{url}/confidential", null).OkJsonAsync()).GetProperty("confidentialDetails").GetString());
        await staff.PostAsync($"{url}/agreements", new { kind = "Confidentiality", parties = new[] { "Partner", "OPALE" }, valueEuros = 0, signedOn = RequestJourney.SignedOn })
            .ExpectAsync(HttpStatusCode.OK);
        await SeenAsync("Assessment", routed: true); // still not in anyone's view: they open them on purpose
        var agreedForA = await memberA.GetAsync(url).OkJsonAsync();
        Assert.True(agreedForA.GetProperty("confidentialityAgreed").GetBoolean());
        Assert.True(agreedForA.GetProperty("mayOpenConfidentialDetails").GetBoolean());
        Assert.Equal(Secret, (await memberA.PostAsync($"{url}/confidential", null).OkJsonAsync()).GetProperty("confidentialDetails").GetString());
        Assert.Equal(Secret, (await partner.PostAsync($"{url}/confidential", null).OkJsonAsync()).GetProperty("confidentialDetails").GetString());

        // The access log names staff's and A's reads, with their roles; the partner's own read is not in it.
        var log = (await partner.GetAsync($"{url}/access-log").OkJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["staff", "member"], log.Select(r => r.GetProperty("role").GetString()));
        Assert.Empty(log[0].GetProperty("teams").EnumerateArray());
        Assert.Equal([teamA], log[1].GetProperty("teams").EnumerateArray().Select(t => t.GetGuid()));
        Assert.Equal(log.Count, (await staff.GetAsync($"{url}/access-log").OkJsonAsync()).GetArrayLength());

        // A proposes, B declines with a reason; each sees its own answer only, the partner none yet.
        await memberA.PostAsync($"{url}/routings/{teamA}/answer", new
        {
            interested = true, approach = "Flow MRD at three time points", indicativeBudgetEuros = 180_000, timeline = "12 months",
        }).ExpectAsync(HttpStatusCode.OK);
        await memberB.PostAsync($"{url}/routings/{teamB}/answer", new { interested = false, notInterestedBecause = "NoCapacity" })
            .ExpectAsync(HttpStatusCode.OK);
        await memberB.PostAsync($"{url}/routings/{teamA}/answer", new { interested = false, notInterestedBecause = "NoCapacity" })
            .ExpectAsync(HttpStatusCode.NotFound); // B does not speak for A
        var answeredForB = (await memberB.GetAsync(url).OkJsonAsync()).GetProperty("routings").EnumerateArray().Single();
        Assert.Equal("NoCapacity", answeredForB.GetProperty("answer").GetProperty("notInterestedBecause").GetString());
        Assert.Empty((await SeenAsync("Assessment", routed: true)).GetProperty("proposals").EnumerateArray());

        // Partner and staff talk; teams are not in the conversation before the shortlist.
        await partner.PostAsync($"{url}/messages", new { text = "Can you include the relapse samples?" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/messages", new { text = "Yes, we will ask the teams." }).ExpectAsync(HttpStatusCode.OK);
        await NotInConversationAsync(memberA);
        Assert.Equal(0, (await memberA.GetAsync($"{url}/messages").OkJsonAsync()).GetArrayLength());

        await staff.PostAsync($"{url}/shortlist", new { targetIds = new[] { teamA } }).ExpectAsync(HttpStatusCode.OK);
        var shortlisted = await SeenAsync("Shortlisted", routed: true);
        var proposal = shortlisted.GetProperty("proposals").EnumerateArray().Single();
        Assert.Equal(teamA, proposal.GetProperty("targetId").GetGuid());
        Assert.Equal("Flow MRD at three time points", proposal.GetProperty("approach").GetString());
        Assert.Empty(shortlisted.GetProperty("routings").EnumerateArray());
        Assert.Equal([teamA], Targets(await memberA.GetAsync(url).OkJsonAsync(), "proposals"));
        Assert.Empty(Targets(await memberB.GetAsync(url).OkJsonAsync(), "proposals"));

        // A joins the conversation from the shortlist on and reads only what is said from then on; B never does.
        await partner.PostAsync($"{url}/messages", new { text = "Welcome, team A." }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["Welcome, team A."], await TextsAsync(memberA));
        await memberA.PostAsync($"{url}/messages", new { text = "Thank you: sample list by Friday." }).ExpectAsync(HttpStatusCode.OK);
        await NotInConversationAsync(memberB);
        Assert.Empty(await TextsAsync(memberB));
        await memberC.GetAsync($"{url}/messages").ExpectAsync(HttpStatusCode.NotFound);
        string[] thread = ["Can you include the relapse samples?", "Yes, we will ask the teams.", "Welcome, team A.", "Thank you: sample list by Friday."];
        Assert.Equal(thread, await TextsAsync(partner));
        Assert.Equal(thread, await TextsAsync(staff));
        Assert.Equal(["Welcome, team A.", "Thank you: sample list by Friday."], await TextsAsync(memberA));
        var fromA = (await partner.GetAsync($"{url}/messages").OkJsonAsync()).EnumerateArray().Last();
        Assert.Equal("member", fromA.GetProperty("authorRole").GetString());
        Assert.Equal(teamA, fromA.GetProperty("forTargetId").GetGuid());

        // The partner selects A's proposal; A sees it was selected, B does not.
        await partner.PostAsync($"{url}/select", new { targetId = teamA }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(teamA, (await SeenAsync("Contracting", routed: true)).GetProperty("selectedTargetId").GetGuid());
        var contractingForA = await memberA.GetAsync(url).OkJsonAsync();
        Assert.Equal(teamA, contractingForA.GetProperty("selectedTargetId").GetGuid());
        Assert.Single(contractingForA.GetProperty("agreements").EnumerateArray());
        var contractingForB = await memberB.GetAsync(url).OkJsonAsync();
        Assert.Equal(JsonValueKind.Null, contractingForB.GetProperty("selectedTargetId").ValueKind);
        Assert.Empty(contractingForB.GetProperty("agreements").EnumerateArray());

        await staff.PostAsync($"{url}/agreements", new
        {
            kind = "ResearchCollaboration", parties = new[] { "Partner", "Team A's institute" }, valueEuros = 180_000, signedOn = RequestJourney.SignedOn,
        }).ExpectAsync(HttpStatusCode.OK);
        var agreements = (await SeenAsync("Contracting", routed: true)).GetProperty("agreements").EnumerateArray().ToList();
        Assert.Equal(["Confidentiality", "ResearchCollaboration"], agreements.Select(x => x.GetProperty("kind").GetString()));
        Assert.Equal(180_000m, agreements[1].GetProperty("valueEuros").GetDecimal());
        await staff.PostAsync($"{url}/activate", null).ExpectAsync(HttpStatusCode.OK);
        await SeenAsync("Active", routed: true);
        await staff.PostAsync($"{url}/complete", new { outcomeNote = "MRD kinetics delivered for 120 patients" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("MRD kinetics delivered for 120 patients", (await SeenAsync("Completed", routed: true)).GetProperty("outcome").GetString());

        await partner.PostAsync($"{url}/satisfaction", new { score = 4, comment = "Fast and clear" }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(4, (await SeenAsync("Completed", routed: true)).GetProperty("satisfaction").GetProperty("score").GetInt32());
        Assert.Equal(4, (await staff.GetAsync(url).OkJsonAsync()).GetProperty("satisfaction").GetProperty("score").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await memberA.GetAsync(url).OkJsonAsync()).GetProperty("satisfaction").ValueKind);

        // The history: staff see every step, the partner all but the network's internal routing.
        var historyForStaff = await staff.GetAsync($"{url}/history").ExpectAsync(HttpStatusCode.OK);
        var byStaff = (await historyForStaff.ReadAsync<JsonElement>()).EnumerateArray().ToList();
        string[] steps =
        [
            "RequestDrafted", "DraftUpdated", "RequestSubmitted", "ScreeningStarted", "AcceptedForAssessment", "RequestRouted", "RequestRouted",
            "AgreementRecorded", "RoutingAnswered", "RoutingAnswered", "MessagePosted", "MessagePosted", "ProposalsShortlisted",
            "MessagePosted", "MessagePosted", "ProposalSelected", "AgreementRecorded", "RequestActivated", "RequestCompleted", "SatisfactionRated",
        ];
        Assert.Equal(steps, byStaff.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(["partner", "member", "member"], byStaff.Where(e => e.GetProperty("event").GetString() is "RequestSubmitted" or "RoutingAnswered")
            .Select(e => e.GetProperty("role").GetString()));
        Assert.DoesNotContain(Secret, await historyForStaff.Content.ReadAsStringAsync(), StringComparison.Ordinal); // staff open them on purpose, logged
        var historyForPartner = await partner.GetAsync($"{url}/history").ExpectAsync(HttpStatusCode.OK);
        var byPartner = (await historyForPartner.ReadAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(steps.Where(s => s is not ("RequestRouted" or "RoutingAnswered")), byPartner.Select(e => e.GetProperty("event").GetString()));
        Assert.DoesNotContain(teamB.ToString(), await historyForPartner.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await memberA.GetAsync($"{url}/history").ExpectAsync(HttpStatusCode.Forbidden);

        // Each party's view of the request: the partner's own details always; staff and teams never in it.
        async Task<JsonElement> SeenAsync(string state, bool routed)
        {
            var forPartner = await partner.GetAsync(url).OkJsonAsync();
            Assert.Equal(state, forPartner.State());
            Assert.Equal(Secret, forPartner.GetProperty("confidentialDetails").GetString());
            Assert.Contains(id, (await partner.GetAsync(Requests).OkJsonAsync()).Ids());
            await AssertStateWithoutDetailsAsync(staff, state);
            foreach (var team in new[] { memberA, memberB })
            {
                if (routed)
                {
                    await AssertStateWithoutDetailsAsync(team, state);
                }
                else
                {
                    await team.GetAsync(url).ExpectAsync(HttpStatusCode.NotFound);
                    Assert.DoesNotContain(id, (await team.GetAsync(Requests).OkJsonAsync()).Ids());
                }
            }

            await memberC.GetAsync(url).ExpectAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(id, (await memberC.GetAsync(Requests).OkJsonAsync()).Ids());
            return forPartner;
        }

        async Task AssertStateWithoutDetailsAsync(HttpClient client, string state)
        {
            var one = await client.GetAsync(url).ExpectAsync(HttpStatusCode.OK);
            var list = await client.GetAsync($"{Requests}?state={state}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(state, (await one.ReadAsync<JsonElement>()).State());
            Assert.Contains(id, (await list.ReadAsync<JsonElement>()).Ids());
            Assert.DoesNotContain(Secret, await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        async Task NotInConversationAsync(HttpClient team)
        {
            var before = (await staff.GetAsync(url).OkJsonAsync()).GetProperty("version").GetInt64();
            var refusedMessage = await team.PostAsync($"{url}/messages", new { text = "May we join?" }).ExpectAsync(HttpStatusCode.Conflict);
            Assert.Equal("not_in_conversation", (await refusedMessage.ProblemAsync()).GetProperty("code").GetString());
            Assert.Equal(before, (await staff.GetAsync(url).OkJsonAsync()).GetProperty("version").GetInt64());
        }

        async Task<string[]> TextsAsync(HttpClient client) =>
            [.. (await client.GetAsync($"{url}/messages").OkJsonAsync()).EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];
    }

    private static Guid[] Targets(JsonElement request, string property) =>
        [.. request.GetProperty(property).EnumerateArray().Select(r => r.GetProperty("targetId").GetGuid())];
}
