using System.Net;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Members;

/// <summary>A member's teams: the lead keeps the roster with the office's controls, the other members read it.</summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class MemberTeamsPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task a_lead_adds_a_member_and_changes_a_role_while_a_plain_member_reads_the_roster_only()
    {
        var staff = web.Platform.Client;
        var (lead, _) = await web.PersonAsync("Laure", "Lead");
        var (member, _) = await web.PersonAsync("Marc", "Member");
        var (newcomer, newcomerName) = await web.PersonAsync("Nina", "Newcomer");
        var team = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id, "Myeloma genomics " + Guid.NewGuid().ToString("N")[..6]);
        await staff.AddMemberAsync(team, lead, "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(team, member, "Biologist", "2024-02-01").ExpectAsync(HttpStatusCode.OK);

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.MemberAccountOfAsync(lead), "/my-teams");
        await WebAppFixture.ReadyAsync(page, "my-teams");
        await Assertions.Expect(page.Locator($"[data-team='{team}']")).ToHaveAttributeAsync("data-lead", "true");
        await Assertions.Expect(page.GetByTestId("roster-changes")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByTestId("PersonId-search").FillAsync(newcomerName);
        await Assertions.Expect(page.Locator("#PersonId")).ToHaveValueAsync(newcomer.ToString());
        await page.Locator("#Role").SelectOptionAsync("Bioinformatician");
        await page.GetByTestId("add-member").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-member='{newcomer}']")).ToHaveAttributeAsync("data-role", "Bioinformatician");
        await Assertions.Expect(page.GetByTestId("active-members")).ToHaveTextAsync("3");

        await page.Locator("#role-member").SelectOptionAsync(member.ToString());
        await page.Locator("#new-role").SelectOptionAsync("PrincipalInvestigator");
        await page.GetByTestId("change-role").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-member='{member}']")).ToHaveAttributeAsync("data-role", "PrincipalInvestigator");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();

        var plain = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(plain, await web.MemberAccountOfAsync(member), "/my-teams");
        await WebAppFixture.ReadyAsync(plain, "my-teams");
        await Assertions.Expect(plain.Locator($"[data-team='{team}']")).ToHaveAttributeAsync("data-lead", "false");
        await Assertions.Expect(plain.Locator($"[data-member='{newcomer}']")).ToBeVisibleAsync();
        await Assertions.Expect(plain.GetByTestId("roster-changes")).ToHaveCountAsync(0);
        await Assertions.Expect(plain.GetByTestId("roster").GetByRole(AriaRole.Link)).ToHaveCountAsync(0); // the office's person pages are not theirs
        await plain.AssertAccessibleAsync();

        // Their team's own address shows that team alone.
        await plain.GotoAsync($"/my-teams/{team}");
        await WebAppFixture.ReadyAsync(plain, "my-teams");
        await Assertions.Expect(plain.Locator("[data-team]")).ToHaveCountAsync(1);
        await Assertions.Expect(plain.Locator($"[data-team='{team}'] [data-member='{newcomer}']")).ToBeVisibleAsync();
        await plain.AssertAccessibleAsync();

        // Another team's page is not theirs: the team is not found among their teams.
        var other = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id, "Other team");
        await plain.GotoAsync($"/my-teams/{other}");
        await Assertions.Expect(plain.Locator("[data-status='404']")).ToBeVisibleAsync();
        await plain.AssertAccessibleAsync();
        await plain.Context.CloseAsync();
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("viewer")]
    [InlineData("staff")]
    public async Task anyone_but_a_member_typing_my_teams_gets_the_styled_403(string role)
    {
        var company = role == "partner" ? (await web.Platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id : (Guid?)null;
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync(role, company));
        var response = await page.GotoAsync("/my-teams");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Assertions.Expect(page.Locator("[data-status='403']")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
