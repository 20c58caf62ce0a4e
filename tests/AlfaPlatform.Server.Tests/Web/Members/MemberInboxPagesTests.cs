using System.Net;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Events;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Members;

/// <summary>
/// A member's team inbox in the browser: the requests routed to their teams, the confidential details opened on
/// purpose (the partner sees it), a proposal or a decline with a reason; a team not routed sees nothing of it; the
/// other roles get the styled 403. Requests are brought to assessment and routed through the API.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class MemberInboxPagesTests(WebAppFixture web)
{
    private HttpClient Staff => web.Platform.Client;

    [Fact]
    public async Task a_member_of_a_routed_team_opens_the_request_in_their_inbox_opens_the_confidential_details_and_answers_with_a_proposal()
    {
        var (company, partner) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var (memberApi, member, team) = await MemberOfANewTeamAsync();
        using var _ = memberApi;
        var id = await RoutedRequestAsync(partnerApi, team, "Flow MRD for the inbox");
        var inboxes = await memberApi.GetAsync($"{CollaborationApi.Requests}/inbox").OkJsonAsync();
        Assert.Contains(inboxes.EnumerateArray(), x => x.GetProperty("targetId").GetGuid() == team && x.GetProperty("kind").GetString() == "Team");

        // Signed in at the home address, a member lands on their teams' inbox.
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, member);
        await WebAppFixture.ReadyAsync(page, "inbox");
        Assert.EndsWith("/inbox", page.Url, StringComparison.Ordinal);
        var row = page.Locator($"[data-request='{id}']");
        await Assertions.Expect(row).ToContainTextAsync("Flow MRD for the inbox");
        await Assertions.Expect(row.GetByTestId("answer")).ToHaveTextAsync("Not yet");
        await Assertions.Expect(row.GetByTestId("awaited")).ToContainTextAsync("Your team: answer, by ");
        await page.AssertAccessibleAsync();
        await page.GetByLabel("Inbox").SelectOptionAsync(team.ToString()); // the team's own inbox
        await Assertions.Expect(page.Locator("[data-request]")).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "Flow MRD for the inbox" }).ClickAsync();
        await WebAppFixture.ReadyAsync(page, "inbox-request");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Flow MRD for the inbox");
        await Assertions.Expect(page.GetByTestId("answer-due")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("confidential-text")).ToHaveCountAsync(0); // hidden until opened on purpose
        await page.AssertAccessibleAsync();

        await page.GetByTestId("open-confidential").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confidential-text")).ToHaveTextAsync(RequestJourney.ConfidentialDetails);

        // The partner sees the opening in its access log, on its own request page.
        var partnerPage = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(partnerPage, partner, $"/requests/{id}");
        await WebAppFixture.ReadyAsync(partnerPage, "request");
        var log = partnerPage.GetByTestId("access-log").Locator("tbody tr");
        await Assertions.Expect(log).ToHaveCountAsync(1);
        await Assertions.Expect(log).ToContainTextAsync("Member");
        await Assertions.Expect(log).ToContainTextAsync("The confidential details");
        await partnerPage.Context.CloseAsync();

        // The proposal: its rules as the person types, then sent.
        await page.GetByLabel("Your team's answer").SelectOptionAsync(bool.TrueString);
        var approach = page.GetByLabel("Approach");
        await approach.FillAsync("x");
        await approach.FillAsync("");
        await Assertions.Expect(page.GetByText("must not be empty").First).ToBeVisibleAsync();
        await approach.FillAsync("Flow MRD at three time points");
        await page.GetByLabel("Indicative budget (euros)").FillAsync("180000");
        await page.GetByLabel("Timeline").FillAsync("12 months");
        await Assertions.Expect(page.GetByText("must not be empty")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.GetByTestId("send-answer").ClickAsync();

        var sent = page.GetByTestId("proposal-sent");
        await Assertions.Expect(sent).ToContainTextAsync("Flow MRD at three time points");
        await Assertions.Expect(sent).ToContainTextAsync("€180,000");
        await Assertions.Expect(page.GetByTestId("answer-form")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        var answer = (await Staff.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync()).GetProperty("routings")[0].GetProperty("answer");
        Assert.True(answer.GetProperty("interested").GetBoolean());
        Assert.Equal(180_000m, answer.GetProperty("indicativeBudgetEuros").GetDecimal());

        // Shortlisted by staff through the API: the open page follows, and the team may now talk with the partner.
        await Assertions.Expect(page.GetByTestId("conversation-closed")).ToBeVisibleAsync();
        await Staff.PostAsync($"{CollaborationApi.Requests}/{id}/shortlist", new { targetIds = new[] { team } }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator($"[data-page='inbox-request'][data-state='{RequestState.Shortlisted}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(sent).ToContainTextAsync("the network shortlisted the proposal.");
        await page.GetByLabel("Your message").FillAsync("We can start in January.");
        await page.GetByTestId("send-message").ClickAsync();
        await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync("We can start in January.");
        var thread = await partnerApi.GetAsync($"{CollaborationApi.Requests}/{id}/messages").OkJsonAsync();
        Assert.Contains(thread.EnumerateArray(), m => m.GetProperty("text").GetString() == "We can start in January.");
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/inbox");
        await WebAppFixture.ReadyAsync(page, "inbox");
        await Assertions.Expect(row.GetByTestId("answer")).ToHaveTextAsync("Proposal sent");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_of_a_team_not_routed_sees_the_request_nowhere()
    {
        using var partnerApi = await web.Platform.SignInAsPartnerOfANewCompanyAsync();
        var (routedApi, _, routedTeam) = await MemberOfANewTeamAsync();
        using var routed = routedApi;
        var (otherApi, other, _) = await MemberOfANewTeamAsync();
        using var _ = otherApi;
        var id = await RoutedRequestAsync(partnerApi, routedTeam, "Secret NPM1 compound programme");

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, other, "/inbox");
        await WebAppFixture.ReadyAsync(page, "inbox");
        await Assertions.Expect(page.GetByTestId("no-requests")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Secret NPM1 compound programme")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        // Search: the routed team's member finds it (the index has it), this member finds nothing, in the shell's box.
        await web.Platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));
        var foundByRouted = await routed.GetAsync("/api/search?q=Secret%20NPM1%20compound%20programme&kind=request").OkJsonAsync();
        Assert.Contains(foundByRouted.GetProperty("items").EnumerateArray(), h => h.GetProperty("recordId").GetGuid() == id);
        await page.Locator("#shell-search-text").FillAsync("Secret NPM1 compound programme");
        await page.Locator("#shell-search-text").PressAsync("Enter");
        await WebAppFixture.ReadyAsync(page, "search");
        await Assertions.Expect(page.Locator($"[data-record='{id}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-hit-kind='request']")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();

        foreach (var path in new[] { $"/inbox/{id}", $"/inbox/{Guid.NewGuid()}" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("[data-status='404']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not found");
            Assert.DoesNotContain("Secret NPM1 compound programme", await page.ContentAsync(), StringComparison.Ordinal);
            await page.AssertAccessibleAsync();
        }

        // The API says the same to this member: the request and the routed team's inbox do not exist for them.
        await otherApi.GetAsync($"{CollaborationApi.Requests}/{id}").ExpectAsync(HttpStatusCode.NotFound);
        await otherApi.GetAsync($"{CollaborationApi.Requests}/inbox/{routedTeam}").ExpectAsync(HttpStatusCode.NotFound);
        var inboxes = await otherApi.GetAsync($"{CollaborationApi.Requests}/inbox").OkJsonAsync();
        Assert.DoesNotContain(inboxes.EnumerateArray(), x => x.GetProperty("targetId").GetGuid() == routedTeam);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_declines_with_a_reason_shown_in_words_and_in_french_on_the_french_page()
    {
        using var partnerApi = await web.Platform.SignInAsPartnerOfANewCompanyAsync();
        var (memberApi, member, team) = await MemberOfANewTeamAsync();
        using var _ = memberApi;
        var id = await RoutedRequestAsync(partnerApi, team, "Cohort access to decline");

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, member, $"/inbox/{id}");
        await WebAppFixture.ReadyAsync(page, "inbox-request");
        await page.GetByLabel("Your team's answer").SelectOptionAsync(bool.FalseString);
        await page.GetByLabel("Why not").SelectOptionAsync(nameof(DeclineReason.NoCapacity));
        await page.GetByTestId("send-answer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("answered-not-interested")).ToHaveTextAsync("Your team is not interested: No capacity at present.");
        await page.AssertAccessibleAsync();
        var answer = (await Staff.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync()).GetProperty("routings")[0].GetProperty("answer");
        Assert.False(answer.GetProperty("interested").GetBoolean());
        Assert.Equal(nameof(DeclineReason.NoCapacity), answer.GetProperty("notInterestedBecause").GetString());

        await page.GotoAsync($"/web/language/fr?returnUrl=%2Finbox%2F{id}");
        await WebAppFixture.ReadyAsync(page, "inbox-request");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "La réponse de votre équipe" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("answered-not-interested")).ToHaveTextAsync("Votre équipe n'est pas intéressée : Pas de capacité actuellement.");
        await Assertions.Expect(page.GetByTestId("request-state")).ToHaveTextAsync("En évaluation");
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/inbox");
        await WebAppFixture.ReadyAsync(page, "inbox");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Boîte de réception des équipes");
        await Assertions.Expect(page.Locator($"[data-request='{id}']").GetByTestId("answer")).ToHaveTextAsync("Pas intéressée : Pas de capacité actuellement");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("partner")]
    [InlineData("viewer")]
    [InlineData("staff")]
    public async Task anyone_but_a_member_typing_the_inbox_address_gets_the_styled_403(string role)
    {
        var company = role == "partner" ? (await Staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id : (Guid?)null;
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync(role, company));
        await Assertions.Expect(page.GetByTestId("navigation")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("navigation").Locator("a[href='/inbox']")).ToHaveCountAsync(0);
        foreach (var path in new[] { "/inbox", $"/inbox/{Guid.NewGuid()}" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(page.Locator("[data-status='403']")).ToBeVisibleAsync();
        }

        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A new partner company and a web account of its partner role.</summary>
    private async Task<(Guid Company, string Partner)> CompanyAsync()
    {
        var company = await Staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        return (company.Id, await web.AccountAsync("partner", company.Id));
    }

    /// <summary>The lead of a new team, signed in to the API, and their account's user name for the browser (same password).</summary>
    private async Task<(HttpClient Api, string UserName, Guid Team)> MemberOfANewTeamAsync()
    {
        var (api, team, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead");
        var me = Guid.Parse((await api.GetAsync("/api/me").OkJsonAsync()).GetProperty("id").GetString()!);
        var accounts = await Staff.GetAsync("/api/accounts").OkJsonAsync();
        var userName = accounts.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == me).GetProperty("userName").GetString()!;
        return (api, userName, team);
    }

    /// <summary>
    /// A request whose confidential details a routed team may open without an agreement, screened, accepted and
    /// routed to <paramref name="team"/> through the API, unanswered.
    /// </summary>
    private async Task<Guid> RoutedRequestAsync(HttpClient partnerApi, Guid team, string title)
    {
        var id = await new RequestJourney(Staff, partnerApi, team, team).DraftAsync(RequestJourney.Details(title, agreementRequired: false));
        var at = $"{CollaborationApi.Requests}/{id}";
        await partnerApi.PostAsync($"{at}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/accept", new { note = "fits the network" }).ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/routings", new { targetId = team, reason = "MRD flow cytometry" }).ExpectAsync(HttpStatusCode.OK);
        return id;
    }
}
