using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class TeamLeadTests(PlatformFixture platform)
{
    private Task<(HttpClient Lead, Guid Team)> LeadOfANewTeamAsync() => platform.SignInAsLeadOfANewTeamAsync();

    [Fact]
    public async Task a_team_lead_manages_their_own_team()
    {
        var (lead, team) = await LeadOfANewTeamAsync();
        var newcomer = await platform.Client.RegisterPersonAsync("Nina", "Newcomer");

        var added = await lead.AddMemberAsync(team, newcomer, "PhdStudent", "2024-05-01");
        var renamed = await lead.SendJsonAsync(HttpMethod.Put, $"/api/teams/{team}/name", new { name = "Renamed by its lead" });
        var role = await lead.SendJsonAsync(HttpMethod.Put, $"/api/teams/{team}/members/{newcomer}/role", new { role = "PostDoc", on = "2024-09-01" });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, role.StatusCode);
    }

    [Fact]
    public async Task a_team_lead_cannot_change_another_team_nor_create_one()
    {
        var (lead, _) = await LeadOfANewTeamAsync();
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var otherTeam = await platform.Client.CreateTeamAsync(organisation.Id);
        var person = await platform.Client.RegisterPersonAsync("Olga", "Other");
        var before = await platform.CountEventsAsync();

        var add = await lead.AddMemberAsync(otherTeam, person, "Lead", "2024-01-01");
        var rename = await lead.SendJsonAsync(HttpMethod.Put, $"/api/teams/{otherTeam}/name", new { name = "Hijacked" });
        var create = await lead.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = "Mine now" });

        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_member_who_leads_no_team_cannot_change_one()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        using var member = await platform.SignInAsAsync(["member"]);

        var rename = await member.SendJsonAsync(HttpMethod.Put, $"/api/teams/{team}/name", new { name = "Not mine" });

        Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
    }
}
