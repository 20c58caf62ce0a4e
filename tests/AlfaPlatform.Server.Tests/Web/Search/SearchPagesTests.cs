using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Marten.Events;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Search;

/// <summary>The shell's search box and the results page, in a real browser: the index as each role may read it.</summary>
[Collection(WebAppCollection.Name)]
public sealed class SearchPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task a_search_for_cytometrie_finds_the_teams_doing_mrd_flow_cytometry_whatever_their_language()
    {
        var staff = web.Platform.Client;
        var organisation = (await staff.RegisterOrganisationAsync()).Id;
        var english = await staff.CreateTeamWithFocusAsync(organisation, "Flow cytometry unit", "MRD flow cytometry", "NPM1-mutated AML");
        var french = await staff.CreateTeamWithFocusAsync(organisation, "Unité de cytométrie", "Cytométrie en flux MRD", "LAM NPM1-mutées");
        var other = await staff.CreateTeamWithFocusAsync(organisation, "Genomics unit", "CLL genomics");
        var member = await web.AccountAsync("member");
        await CaughtUpAsync();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, member, "/inbox");
        await WebAppFixture.ReadyAsync(page, "inbox");
        await page.Locator("#shell-search-text").FillAsync("cytométrie");
        await page.Locator("#shell-search-text").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/search\\?q=cytom"));
        await WebAppFixture.ReadyAsync(page, "search");
        await page.GetByTestId("search-kinds").GetByRole(AriaRole.Link, new() { Name = "Teams" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("kind=team"));
        await WebAppFixture.ReadyAsync(page, "search");

        var results = page.GetByTestId("search-results");
        await Assertions.Expect(results.Locator($"[data-record='{english}']")).ToBeVisibleAsync();
        await Assertions.Expect(results.Locator($"[data-record='{french}']")).ToBeVisibleAsync();
        await Assertions.Expect(results.Locator($"[data-record='{other}']")).ToHaveCountAsync(0);
        await Assertions.Expect(results.Locator("[data-hit-kind]:not([data-hit-kind='team'])")).ToHaveCountAsync(0);
        // The words matched are marked, in either language's spelling.
        await Assertions.Expect(results.Locator($"[data-record='{french}'] mark").First).ToHaveTextAsync("cytométrie", new() { IgnoreCase = true });
        await Assertions.Expect(results.Locator($"[data-record='{english}'] mark").First).ToHaveTextAsync("cytometry", new() { IgnoreCase = true });
        await page.AssertAccessibleAsync();

        // The same in French, without the accent: the page's words follow the language, the results do not change.
        await page.GotoAsync("/web/language/fr?returnUrl=%2Fsearch%3Fq%3Dcytometrie%26kind%3Dteam");
        await WebAppFixture.ReadyAsync(page, "search");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Recherche");
        await Assertions.Expect(results.Locator($"[data-record='{english}']")).ToBeVisibleAsync();
        await Assertions.Expect(results.Locator($"[data-record='{french}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("search-count")).ToContainTextAsync("résultat");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_partner_finds_its_own_requests_and_nothing_of_another_companys()
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        var staff = web.Platform.Client;
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        var rival = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var ownApi = await web.Platform.SignInAsAsync(["partner"], company.Id);
        using var rivalApi = await web.Platform.SignInAsAsync(["partner"], rival.Id);
        var own = await DraftAsync(ownApi, $"Cohort access {marker} for our trial");
        var theirs = await DraftAsync(rivalApi, $"Cohort access {marker} for their trial");
        var partner = await web.AccountAsync("partner", company.Id);
        await CaughtUpAsync();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner, "/requests");
        await WebAppFixture.ReadyAsync(page, "requests");
        await page.Locator("#shell-search-text").FillAsync($"cohort {marker}");
        await page.Locator("#shell-search-text").PressAsync("Enter");
        await WebAppFixture.ReadyAsync(page, "search");

        var results = page.GetByTestId("search-results");
        await Assertions.Expect(results.Locator("li")).ToHaveCountAsync(1);
        await Assertions.Expect(results.Locator($"[data-record='{own}']")).ToBeVisibleAsync();
        Assert.DoesNotContain(theirs.ToString(), await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("their trial", await page.ContentAsync(), StringComparison.Ordinal);
        await page.AssertAccessibleAsync();

        // The result opens the partner's own request page.
        await results.Locator($"[data-record='{own}']").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{web.BaseUrl}/requests/{own}");

        // Teams and people are the network's: a partner finds none of them.
        await page.GotoAsync($"/search?q={marker}&kind=team");
        await WebAppFixture.ReadyAsync(page, "search");
        await Assertions.Expect(page.GetByTestId("search-count")).ToHaveTextAsync($"Nothing found for \"{marker}\".");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_empty_search_asks_for_words_and_the_page_needs_a_sign_in()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/search?q=aml");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.Locator("#userName").FillAsync(await web.AccountAsync("viewer"));
        await page.Locator("#password").FillAsync(WebAppFixture.Password);
        await page.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "search");
        await page.GotoAsync("/search");
        await WebAppFixture.ReadyAsync(page, "search");
        await Assertions.Expect(page.GetByTestId("search-empty")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    private Task CaughtUpAsync() => web.Platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

    private static async Task<Guid> DraftAsync(HttpClient partner, string title)
    {
        var response = await partner.SendJsonAsync(HttpMethod.Post, CollaborationApi.Requests, RequestJourney.Details(title)).ExpectAsync(HttpStatusCode.Created);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
