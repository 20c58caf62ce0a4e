using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class TeamScenarioTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    private async Task<List<(string Name, string Role)>> RosterAsync(Guid team, string? asOf = null)
    {
        var roster = await (await _staff.GetAsync($"/api/teams/{team}/members" + (asOf is null ? "" : $"?asOf={asOf}"))).ReadAsync<JsonElement>();
        return [.. roster.GetProperty("members").EnumerateArray()
            .Where(m => asOf is not null || m.GetProperty("leftOn").ValueKind == JsonValueKind.Null)
            .Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("role").GetString()!))
            .OrderBy(m => m.Item1)];
    }

    [Fact]
    public async Task three_people_join_one_changes_role_one_leaves_and_every_date_shows_the_roster_it_had()
    {
        var organisation = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await _staff.CreateTeamAsync(organisation.Id);
        var ada = await _staff.RegisterPersonAsync("Ada", "Lovelace");
        var bruno = await _staff.RegisterPersonAsync("Bruno", "Latour");
        var chloe = await _staff.RegisterPersonAsync("Chloe", "Dupont");

        Assert.Equal(HttpStatusCode.OK, (await _staff.AddMemberAsync(team, ada, "Lead", "2024-01-10")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.AddMemberAsync(team, bruno, "PhdStudent", "2024-03-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.AddMemberAsync(team, chloe, "Biologist", "2024-06-15")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Put, $"/api/teams/{team}/members/{bruno}/role", new { role = "PostDoc", on = "2024-09-01" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{chloe}/leave", new { on = "2025-02-28", reason = "moved to Lyon" })).StatusCode);

        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PostDoc")], await RosterAsync(team));
        Assert.Empty(await RosterAsync(team, "2024-01-09"));
        Assert.Equal([("Ada Lovelace", "Lead")], await RosterAsync(team, "2024-01-10"));
        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PhdStudent")], await RosterAsync(team, "2024-03-01"));
        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PhdStudent"), ("Chloe Dupont", "Biologist")], await RosterAsync(team, "2024-08-31"));
        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PostDoc"), ("Chloe Dupont", "Biologist")], await RosterAsync(team, "2024-09-01"));
        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PostDoc"), ("Chloe Dupont", "Biologist")], await RosterAsync(team, "2025-02-27"));
        Assert.Equal([("Ada Lovelace", "Lead"), ("Bruno Latour", "PostDoc")], await RosterAsync(team, "2025-02-28"));

        var brunoHistory = await (await _staff.GetAsync($"/api/people/{bruno}/memberships")).ReadAsync<JsonElement>();
        var membership = Assert.Single(brunoHistory.EnumerateArray());
        Assert.Equal(team, membership.GetProperty("teamId").GetGuid());
        Assert.Equal("2024-03-01", membership.GetProperty("joinedOn").GetString());
        Assert.Equal(JsonValueKind.Null, membership.GetProperty("leftOn").ValueKind);
        Assert.Equal(["PhdStudent:2024-03-01", "PostDoc:2024-09-01"],
            membership.GetProperty("roles").EnumerateArray().Select(r => $"{r.GetProperty("role").GetString()}:{r.GetProperty("from").GetString()}"));
        // As of a day: the teams Bruno was in then, in the role he held then.
        var brunoIn2024 = Assert.Single((await (await _staff.GetAsync($"/api/people/{bruno}/memberships?asOf=2024-06-30")).ReadAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("PhdStudent", brunoIn2024.GetProperty("role").GetString());
        Assert.Empty((await (await _staff.GetAsync($"/api/people/{bruno}/memberships?asOf=2024-02-29")).ReadAsync<JsonElement>()).EnumerateArray());
        var chloeHistory = Assert.Single((await (await _staff.GetAsync($"/api/people/{chloe}/memberships")).ReadAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("2025-02-28", chloeHistory.GetProperty("leftOn").GetString());
        var adaHistory = Assert.Single((await (await _staff.GetAsync($"/api/people/{ada}/memberships")).ReadAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(("Lead", "2024-01-10"), (adaHistory.GetProperty("role").GetString(), adaHistory.GetProperty("joinedOn").GetString()));

        // The organisation's headcount follows the same dates.
        async Task<int> HeadcountAsync(string? asOf) =>
            (await (await _staff.GetAsync($"/api/organisations/{organisation.Id}/teams" + (asOf is null ? "" : $"?asOf={asOf}"))).ReadAsync<JsonElement>())
                .GetProperty("headcount").GetInt32();
        Assert.Equal(2, await HeadcountAsync(null));
        Assert.Equal(3, await HeadcountAsync("2024-12-31"));
        Assert.Equal(1, await HeadcountAsync("2024-02-01"));
    }

    [Fact]
    public async Task the_roster_rules_are_answered_with_409_and_their_reason()
    {
        var organisation = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await _staff.CreateTeamAsync(organisation.Id);
        var lead = await _staff.RegisterPersonAsync("Lea", "Lead");
        var other = await _staff.RegisterPersonAsync("Otto", "Other");

        var firstNotLead = await _staff.AddMemberAsync(team, other, "Engineer", "2024-01-01");
        await _staff.AddMemberAsync(team, lead, "Lead", "2024-01-01");
        await _staff.AddMemberAsync(team, other, "Engineer", "2024-02-01");
        var twice = await _staff.AddMemberAsync(team, other, "Engineer", "2024-03-01");
        var leadLeaves = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{lead}/leave", new { on = "2024-05-01" });
        var unknownPerson = await _staff.AddMemberAsync(team, Guid.NewGuid(), "Engineer", "2024-03-01");

        Assert.Equal("lead_required", (await firstNotLead.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal("already_member", (await twice.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal("lead_must_hand_over", (await leadLeaves.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal("unknown_person", (await unknownPerson.ProblemAsync()).GetProperty("code").GetString());

        var handed = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/lead", new { toPersonId = other, formerLeadRole = "PrincipalInvestigator", on = "2024-06-01" });
        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        Assert.Equal([("Lea Lead", "PrincipalInvestigator"), ("Otto Other", "Lead")], await RosterAsync(team));
    }
}
