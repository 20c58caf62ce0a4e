using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Teams;
using AlfaPlatform.Server.Tests.Fixtures;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task the_lead_check_holds_for_whoever_sends_the_change_through_the_mediator_as_the_web_pages_do()
    {
        var staff = platform.Client;
        var own = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var other = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var lead = await staff.RegisterPersonAsync("Laure", "Lead");
        var newcomer = await staff.RegisterPersonAsync("Nina", "Newcomer");
        await staff.AddMemberAsync(own, lead, "Lead", "2024-01-01");
        await staff.AddMemberAsync(other, await staff.RegisterPersonAsync("Olga", "Other"), "Lead", "2024-01-01");
        var account = (await (await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"lead-{Guid.NewGuid():N}@example.org", displayName = "Laure Lead", roles = new[] { "member" }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        (await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{lead}/account", new { accountId = account })).EnsureSuccessStatusCode();

        async Task<AlfaPlatform.Server.Infrastructure.EventSourcing.Committed<Team>> AddAsLeadAsync(Guid team)
        {
            await using var scope = platform.ScopeAs(account, Roles.Member);
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                new AddMemberOperation.Command(newcomer, TeamRole.Biologist, new DateOnly(2024, 5, 1)) { TeamId = team });
        }

        Assert.Equal("not_team_lead", (await AddAsLeadAsync(other)).Rejection?.Code);
        Assert.True((await AddAsLeadAsync(own)).IsAccepted);
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
