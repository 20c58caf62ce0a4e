using System.Net;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office works a partner's request in the browser: the triage board, screening and accepting, routing to
/// the suggested teams, the shortlist once the teams answered (through the API, as members), the agreement after the
/// partner's choice; the page follows the others' steps live. Members get the styled 403 on every office page.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class StaffRequestPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task staff_triage_route_to_suggested_teams_shortlist_and_record_an_agreement_on_a_partners_request()
    {
        var focus = "Zebrafish leukaemia " + Guid.NewGuid().ToString("N")[..6];
        var partner = await web.Platform.SignInAsPartnerOfANewCompanyAsync();
        var (memberA, teamA, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead", focus);
        var (memberB, teamB, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead", focus);
        var journey = new RequestJourney(web.Platform.Client, partner, teamA, teamB);
        var title = "Zebrafish MRD " + Guid.NewGuid().ToString("N")[..6];
        var id = await journey.DraftAsync(RequestJourney.Details(title, agreementRequired: false, focus));
        await partner.PostAsync($"{CollaborationApi.Requests}/{id}/submit", null).ExpectAsync(HttpStatusCode.OK);

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/requests");
        await WebAppFixture.ReadyAsync(page, "request-board");
        var card = page.Locator($"[data-column='Submitted'] [data-request='{id}']");
        await Assertions.Expect(card).ToContainTextAsync("The office: screen it");
        await page.AssertAccessibleAsync();
        await WebAppPagesTests.Screenshot(page, "web-office-requests.png");
        await page.GetByLabel("Search titles and summaries").FillAsync(title);
        await Assertions.Expect(page.Locator("[data-request]")).ToHaveCountAsync(1);
        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();

        await WebAppFixture.ReadyAsync(page, "staff-request");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await page.AssertAccessibleAsync();
        await page.GetByTestId("screen").ClickAsync();
        await StateAsync(page, RequestState.Screening);
        await page.GetByLabel("Note (optional)").FillAsync("Fits the network");
        await page.GetByTestId("accept").ClickAsync();
        await StateAsync(page, RequestState.Assessment);

        // The suggestions name the two teams by their focus; each is routed with the reasons the suggestion gives.
        var suggestionA = page.Locator($"[data-suggestion='{teamA}']");
        await Assertions.Expect(suggestionA).ToContainTextAsync($"works on {focus}");
        await page.AssertAccessibleAsync();
        await suggestionA.GetByTestId("route").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-routing='{teamA}']")).ToContainTextAsync($"works on {focus}");
        await page.GetByLabel("Why route it there (optional: the suggestion's reasons otherwise)").FillAsync("Zebrafish models in-house");
        await page.Locator($"[data-suggestion='{teamB}']").GetByTestId("route").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-routing='{teamB}']")).ToContainTextAsync("Zebrafish models in-house");

        // The teams answer as their members; the page shows it without being reloaded.
        await memberA.PostAsync($"{CollaborationApi.Requests}/{id}/routings/{teamA}/answer",
            new { interested = true, approach = "Flow MRD at three time points", indicativeBudgetEuros = 180_000, timeline = "12 months" }).ExpectAsync(HttpStatusCode.OK);
        await memberB.PostAsync($"{CollaborationApi.Requests}/{id}/routings/{teamB}/answer",
            new { interested = false, notInterestedBecause = "NoCapacity" }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator($"[data-routing='{teamA}'] [data-testid='answer']")).ToContainTextAsync("Flow MRD at three time points", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"[data-routing='{teamB}'] [data-testid='answer']")).ToContainTextAsync("No capacity at present", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"[data-routing='{teamB}'] [data-testid='shortlist-choice']")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await WebAppPagesTests.Screenshot(page, "web-office-request.png");
        await page.Locator($"[data-routing='{teamA}'] [data-testid='shortlist-choice']").CheckAsync();
        await page.GetByTestId("shortlist").ClickAsync();
        await StateAsync(page, RequestState.Shortlisted);

        // The partner chooses; the office records the signed agreement and starts the collaboration.
        await partner.PostAsync($"{CollaborationApi.Requests}/{id}/select", new { targetId = teamA }).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Contracting);
        await page.GetByTestId("record-agreement").ClickAsync();
        await Assertions.Expect(page.Locator("[data-problem-for='kind']")).ToBeVisibleAsync(); // the server's words beside the field
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Research collaboration agreement" });
        await page.GetByLabel("Parties (separated by commas)").FillAsync("Partner, OPALE");
        await page.GetByLabel("Value (euros)").FillAsync("180000");
        await page.GetByLabel("Signed on").FillAsync("2026-11-26");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("record-agreement").ClickAsync();
        await Assertions.Expect(page.GetByTestId("agreement-value")).ToHaveTextAsync("€180,000");
        await Assertions.Expect(page.GetByTestId("agreement-signed")).ToHaveTextAsync("26 Nov 2026");
        await page.GetByTestId("activate").ClickAsync();
        await StateAsync(page, RequestState.Active);

        // The conversation with the partner, both ways.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Conversation" }).ClickAsync();
        await page.GetByLabel("Your message").FillAsync("Kick-off meeting next week?");
        await page.GetByTestId("send-message").ClickAsync();
        await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync("Kick-off meeting next week?");
        await partner.PostAsync($"{CollaborationApi.Requests}/{id}/messages", new { text = "Tuesday suits us." }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync("Tuesday suits us.", new() { Timeout = 30_000 });
        await page.AssertAccessibleAsync();

        // The confidential details open on purpose, and the opening is in the access log.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Confidential details" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("access-log-empty")).ToBeVisibleAsync();
        await page.GetByTestId("open-confidential").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confidential-text")).ToHaveTextAsync(RequestJourney.ConfidentialDetails);
        await Assertions.Expect(page.GetByTestId("access-log")).ToContainTextAsync("The confidential details");
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='record-history'] tr[data-event='AgreementRecorded']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid='record-history'] tr[data-event='RoutingAnswered']")).ToHaveCountAsync(2);
        await page.AssertAccessibleAsync();

        // As of yesterday, the request did not exist yet: the page says so under the "as of" banner.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"/office/requests/{id}?asOf={yesterday}");
        await WebAppFixture.ReadyAsync(page, "staff-request");
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("not-yet")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/office/requests");
        await WebAppFixture.ReadyAsync(page, "request-board");
        await Assertions.Expect(page.Locator($"[data-column='Active'] [data-request='{id}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_typing_an_office_address_gets_the_styled_403()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("member"));
        foreach (var path in new[] { "/office/requests", $"/office/requests/{Guid.NewGuid()}", "/office/applications", "/office/accounts" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(page.Locator("[data-status='403']")).ToBeVisibleAsync();
        }

        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>Waits until the live page shows <paramref name="state"/>, without reloading it.</summary>
    private static Task StateAsync(IPage page, RequestState state) =>
        Assertions.Expect(page.Locator($"[data-page='staff-request'][data-state='{state}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
}
