using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.PartnerWorkspace;

/// <summary>A partner company's person in their workspace: meetings, notifications, the company account.</summary>
[Collection(WebAppCollection.Name)]
public sealed class PartnerWorkspaceTests(WebAppFixture web)
{
    [Fact]
    public async Task a_partner_registers_for_a_full_partnering_day_and_sees_its_waiting_list_position_then_reads_its_notifications()
    {
        var staff = web.Platform.Client;
        var day = await staff.CreateMeetingAsync(title: "Partnering day " + Guid.NewGuid().ToString("N")[..6], capacity: 1,
            start: "2030-06-10T09:00:00", end: "2030-06-10T18:00:00");
        await staff.StepAsync(day, "publish");
        await staff.StepAsync(day, "registration/open");
        Assert.Equal(HttpStatusCode.OK, (await staff.RegisterAsync(day, await staff.RegisterPersonAsync("Sam", "Seated"))).StatusCode);
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("partner", company.Id), "/my-meetings");
        await WebAppFixture.ReadyAsync(page, "my-meetings");
        await page.AssertAccessibleAsync();

        await page.Locator($"[data-open-meeting='{day}'] button").ClickAsync();

        await Assertions.Expect(page.Locator($"[data-registration='{day}']")).ToContainTextAsync("position 1");
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/notifications");
        await WebAppFixture.ReadyAsync(page, "notifications");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_company_page_lists_its_own_api_clients_only_and_a_member_gets_the_styled_403()
    {
        var staff = web.Platform.Client;
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        var other = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        var own = (await (await staff.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "LIMS integration", partnerOrganisationId = company.Id })).ReadAsync<JsonElement>()).GetProperty("client").GetProperty("clientId").GetString()!;
        var theirs = (await (await staff.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "Other LIMS", partnerOrganisationId = other.Id })).ReadAsync<JsonElement>()).GetProperty("client").GetProperty("clientId").GetString()!;
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("partner", company.Id), "/company");
        await WebAppFixture.ReadyAsync(page, "company");

        await Assertions.Expect(page.Locator($"[data-client='{own}']")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator($"[data-client='{theirs}']").CountAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = company.Name })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();

        var member = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(member, await web.AccountAsync("member"));
        var response = await member.GotoAsync("/company");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Assertions.Expect(member.Locator("[data-status='403']")).ToBeVisibleAsync();
        await member.Context.CloseAsync();
    }
}
