using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office's membership records in the browser: registering an organisation and giving it a team with its
/// lead, a roster file refused line by line then imported, a record's history and the record as of an earlier day, a
/// person's erasure behind its confirmation, and members kept out.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class StaffMembershipPagesTests(WebAppFixture web)
{
    private HttpClient Staff => web.Platform.Client;

    private static string Marker(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task staff_register_an_organisation_then_add_a_team_with_its_lead()
    {
        var acronym = Marker("RG");
        var lead = await PersonAsync("Lea", Marker("Lead"));
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/organisations");
        await WebAppFixture.ReadyAsync(page, "organisations");
        await Assertions.Expect(page.GetByTestId("organisations-table")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByTestId("register-organisation").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "register-organisation");
        await page.AssertAccessibleAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("x");
        await name.FillAsync("");
        await Assertions.Expect(page.GetByText("'Name' must not be empty.")).ToBeVisibleAsync(); // the command's own rule, as one types
        await page.GetByTestId("register").ClickAsync();
        await Assertions.Expect(page.Locator("[data-problem-for='Country']")).ToBeVisibleAsync(); // the server's words beside the field
        Assert.EndsWith("/office/organisations/new", page.Url, StringComparison.Ordinal);

        await page.Locator("#Kind").SelectOptionAsync("ResearchTeam");
        await name.FillAsync("Leukaemia Research Group " + acronym);
        await page.GetByLabel("Acronym").FillAsync(acronym);
        await page.GetByLabel("City").FillAsync("Lyon");
        await page.Locator("#Country").SelectOptionAsync("FR");
        await page.GetByLabel("Affiliations").FillAsync("UMR-1234, Inserm");
        await page.GetByTestId("register").ClickAsync();
        await web.AfterCommandAsync(page, () => WebAppFixture.ArrivedAsync(page, new Regex("/office/organisations/[0-9a-f-]{36}$")));
        await WebAppFixture.ReadyAsync(page, "organisation");
        await Assertions.Expect(page.GetByTestId("organisation-name")).ToHaveTextAsync("Leukaemia Research Group " + acronym);
        await page.AssertAccessibleAsync();

        // Its record changes, each the API's command: a capability declared, the network joined.
        await page.Locator("#capability-add").SelectOptionAsync("MrdFlowCytometry");
        await page.GetByTestId("declare-capability").ClickAsync();
        await Assertions.Expect(page.Locator("[data-capability='MrdFlowCytometry']")).ToBeVisibleAsync();
        await page.GetByTestId("network-date").FillAsync("2024-01-15");
        await page.GetByTestId("join-network").ClickAsync();
        await Assertions.Expect(page.GetByTestId("organisation-status")).ToHaveTextAsync("Network member");
        await Assertions.Expect(page.GetByTestId("network-periods")).ToContainTextAsync("15 Jan 2024");

        await page.GetByTestId("add-team").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "create-team");
        await page.GetByLabel("Team name").FillAsync("MRD platform " + acronym);
        await page.GetByLabel("Focus areas").FillAsync("AML, MDS");
        await page.GetByTestId("PersonId-search").FillAsync(lead.FamilyName);
        await Assertions.Expect(page.Locator("#PersonId")).ToHaveValueAsync(lead.Id.ToString());
        await page.GetByTestId("lead-since").FillAsync("2024-02-01");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("create").ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex("/office/teams/[0-9a-f-]{36}$"));
        await WebAppFixture.ReadyAsync(page, "team");
        await Assertions.Expect(page.GetByTestId("record-title")).ToHaveTextAsync("MRD platform " + acronym);
        await Assertions.Expect(page.Locator($"[data-member='{lead.Id}']")).ToHaveAttributeAsync("data-role", "Lead");
        await Assertions.Expect(page.GetByTestId("active-members")).ToHaveTextAsync("1");
        await page.AssertAccessibleAsync();

        // The team's rules answer in words: a second lead is refused.
        var second = await PersonAsync("Sam", Marker("Second"));
        await page.GetByTestId("PersonId-search").FillAsync(second.FamilyName);
        await Assertions.Expect(page.Locator("#PersonId")).ToHaveValueAsync(second.Id.ToString());
        await page.Locator("#Role").SelectOptionAsync("Lead");
        await page.GetByTestId("add-member").ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("hand the lead over instead");
        await page.Locator("#Role").SelectOptionAsync("Biologist");
        await page.GetByTestId("add-member").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-member='{second.Id}']")).ToHaveAttributeAsync("data-role", "Biologist");

        await page.GotoAsync("/office/teams");
        await WebAppFixture.ReadyAsync(page, "teams");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "MRD platform " + acronym })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_roster_file_with_a_bad_line_is_refused_with_that_line_then_fixed_and_imported()
    {
        var team = await TeamWithALeadAsync();
        var ana = $"ana-{Guid.NewGuid():N}@example.org";
        var ben = $"ben-{Guid.NewGuid():N}@example.org";
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), $"/office/teams/{team}");
        await WebAppFixture.ReadyAsync(page, "team");

        var csv = page.GetByTestId("roster-csv");
        await csv.FillAsync($"email,given_name,family_name,role,role_label,joined_on\n{ana},Ana,Imported,Biologist,,2025-01-10\n{ben},Ben,Imported,Astronaut,,2025-01-10\n");
        await page.GetByTestId("check-roster").ClickAsync();
        await Assertions.Expect(page.GetByTestId("roster-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("roster-problems").Locator("[data-line='3']")).ToContainTextAsync("'Astronaut' is not a role");
        await Assertions.Expect(page.GetByTestId("roster-problems").Locator("[data-line='2']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("import-roster")).ToHaveCountAsync(0); // nothing to import until the file is right
        await page.AssertAccessibleAsync();
        Assert.Equal(1, await page.Locator("[data-member]").CountAsync()); // nothing written

        await csv.FillAsync($"email,given_name,family_name,role,role_label,joined_on\n{ana},Ana,Imported,Biologist,,2025-01-10\n{ben},Ben,Imported,Bioinformatician,,2025-01-10\n");
        await page.GetByTestId("check-roster").ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("2 people to register, 2 memberships to add");
        await Assertions.Expect(page.GetByTestId("preview-steps").Locator("[data-line='3']")).ToContainTextAsync("Ben Imported joins as Bioinformatician");
        await page.AssertAccessibleAsync();
        Assert.Equal(1, await page.Locator("[data-member]").CountAsync()); // a preview writes nothing either

        await page.GetByTestId("import-roster").ClickAsync();
        await Assertions.Expect(page.GetByTestId("roster-imported")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-member]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("roster")).ToContainTextAsync("Ana Imported");
        await Assertions.Expect(page.GetByTestId("roster")).ToContainTextAsync("Ben Imported");

        // The export is the roster in the import's columns.
        await Assertions.Expect(page.GetByTestId("export-roster")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-roster").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(ana, exported, StringComparison.Ordinal);
        Assert.Contains("Bioinformatician", exported, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_records_history_and_the_record_as_of_an_earlier_day_visibly_marked()
    {
        var marker = Marker("AS");
        var organisation = await OrganisationWithAPastAsync(marker);
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), $"/office/organisations/{organisation}");
        await WebAppFixture.ReadyAsync(page, "organisation");
        await Assertions.Expect(page.GetByTestId("organisation-name")).ToHaveTextAsync("Renamed in June " + marker);
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("record-history").Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-event='OrganisationProfileUpdated']")).ToContainTextAsync("Renamed in June " + marker);
        await page.AssertAccessibleAsync();
        await WebAppPagesTests.Screenshot(page, "web-office-history.png");

        await WebAppFixture.ChooseAsOfAsync(page, "2025-04-30", page.Locator("#record-as-of-day"));
        await WebAppFixture.ReadyAsync(page, "organisation");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Record" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToContainTextAsync("30 Apr 2025");
        await Assertions.Expect(page.GetByTestId("organisation-name")).ToHaveTextAsync($"Test organisation {marker}");
        await Assertions.Expect(page.GetByTestId("organisation-status")).ToHaveTextAsync("Network member");
        await Assertions.Expect(page.GetByTestId("organisation-changes")).ToHaveCountAsync(0); // the past is read, not changed
        await page.AssertAccessibleAsync();

        await page.GotoAsync($"/office/organisations/{organisation}?asOf=2025-01-05");
        await WebAppFixture.ReadyAsync(page, "organisation");
        await Assertions.Expect(page.GetByTestId("not-yet")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task staff_find_a_person_see_their_memberships_and_erase_them_only_once_confirmed()
    {
        var team = await TeamWithALeadAsync();
        var person = await PersonAsync("Eve", Marker("Erased"));
        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = person.Id, role = "Biologist", on = "2025-02-01" }).ExpectAsync(HttpStatusCode.OK);
        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{person.Id}/leave", new { on = "2025-03-01" }).ExpectAsync(HttpStatusCode.OK);
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/people");
        await WebAppFixture.ReadyAsync(page, "people");
        await page.GetByTestId("search").FillAsync(person.FamilyName);
        await Assertions.Expect(page.Locator("[data-person]")).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = $"Eve {person.FamilyName}" }).ClickAsync();
        await WebAppFixture.ReadyAsync(page, "person");
        await Assertions.Expect(page.Locator($"[data-team='{team}']")).ToContainTextAsync("Biologist from 1 Feb 2025");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("erase").ClickAsync();
        await Assertions.Expect(page.GetByTestId("erase-confirm")).ToBeDisabledAsync();
        await page.AssertAccessibleAsync();
        await page.GetByTestId("erase-cancel").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-status")).ToHaveTextAsync("Active");

        await page.GetByTestId("erase").ClickAsync();
        await page.GetByLabel("The person asked for it").CheckAsync();
        await page.GetByTestId("erase-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-status")).ToHaveTextAsync("Erased");
        await Assertions.Expect(page.GetByTestId("person-changes")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_typing_an_office_address_gets_the_styled_403()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("member"));
        foreach (var path in new[] { "/office/organisations", "/office/organisations/new", $"/office/teams/{Guid.NewGuid()}", "/office/people" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(page.Locator("[data-status='403']")).ToBeVisibleAsync();
        }

        await page.Context.CloseAsync();
    }

    private async Task<(Guid Id, string FamilyName)> PersonAsync(string givenName, string familyName)
    {
        var response = await Staff.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName, familyName, email = $"{familyName.ToLowerInvariant()}@example.org" });
        response.EnsureSuccessStatusCode();
        return ((await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid(), familyName);
    }

    /// <summary>A new organisation's team, led since 2024 by a new person.</summary>
    private async Task<Guid> TeamWithALeadAsync()
    {
        var organisation = await Staff.RegisterOrganisationAsync();
        var created = await Staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = "Roster team " + organisation.Acronym });
        created.EnsureSuccessStatusCode();
        var team = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var lead = await PersonAsync("Lou", Marker("Lead"));
        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = lead.Id, role = "Lead", on = "2024-01-01" }).ExpectAsync(HttpStatusCode.OK);
        return team;
    }

    /// <summary>
    /// An organisation registered in January 2025, that joined the network in March and was renamed in June: its
    /// events are recorded now, then moved back to those days, as if the platform had been there all along.
    /// </summary>
    private async Task<Guid> OrganisationWithAPastAsync(string marker)
    {
        var organisation = await Staff.RegisterOrganisationAsync(marker);
        var url = $"/api/organisations/{organisation.Id}";
        await Staff.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2025-03-01" }).ExpectAsync(HttpStatusCode.OK);
        await Staff.SendJsonAsync(HttpMethod.Put, $"{url}/profile", new { name = "Renamed in June " + marker, acronym = marker, country = "FR" }).ExpectAsync(HttpStatusCode.OK);
        await web.Platform.BackdateAsync<Organisation>(organisation.Id, (1, "2025-01-10T09:00:00Z"), (2, "2025-03-01T10:00:00Z"), (3, "2025-06-15T23:30:00Z"));
        return organisation.Id;
    }
}
