using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The shell every role shares: navigation by role, styled status pages, the two languages, the profile, public assets.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebShellTests(WebAppFixture web)
{
    [Fact]
    public async Task the_accessibility_audit_passes_a_clean_document_then_names_a_violation_added_to_it()
    {
        var page = await web.NewPageAsync();
        await page.SetContentAsync("<html lang='en'><head><title>Audit</title></head><body><main><h1>Audit</h1><p>Plain text.</p></main></body></html>");
        await page.AssertAccessibleAsync();

        // The same document again, axe already in it: a button with no name is critical.
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<button id=\"nameless\"></button>')");
        var failure = await Assert.ThrowsAsync<TrueException>(page.AssertAccessibleAsync);
        Assert.Contains("button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#nameless", failure.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task each_role_sees_only_the_pages_it_may_use_in_its_navigation()
    {
        var viewer = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(viewer, await web.AccountAsync("viewer"), "/profile");
        await viewer.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");
        var network = viewer.GetByTestId("navigation");
        await Assertions.Expect(network.GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(network.GetByRole(AriaRole.Link, new() { Name = "My requests" })).ToHaveCountAsync(0);
        await Assertions.Expect(network.GetByRole(AriaRole.Link, new() { Name = "Become a partner" })).ToHaveCountAsync(0);
        await viewer.AssertAccessibleAsync();

        var company = await web.Platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var partner = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(partner, await web.AccountAsync("partner", company.Id), "/profile");
        await partner.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");
        var workspace = partner.GetByTestId("navigation");
        await Assertions.Expect(workspace.GetByRole(AriaRole.Link, new() { Name = "My requests" })).ToBeVisibleAsync();
        await Assertions.Expect(workspace.GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToHaveCountAsync(0);
        await Assertions.Expect(workspace.GetByRole(AriaRole.Link, new() { Name = "Activity" })).ToHaveCountAsync(0);

        // A dashboard's address typed in anyway: the styled page, in the app's look, never JSON.
        var typed = await partner.GotoAsync("/activity");
        Assert.Equal((int)HttpStatusCode.Forbidden, typed!.Status);
        Assert.StartsWith("text/html", typed.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboards are for the network");
        await partner.AssertAccessibleAsync();
        await viewer.Context.CloseAsync();
        await partner.Context.CloseAsync();
    }

    [Fact]
    public async Task an_address_nobody_knows_is_a_styled_page_for_people_and_problem_details_for_the_api()
    {
        var page = await web.NewPageAsync();
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        await page.AssertAccessibleAsync();

        // The API answers a client with problem details: a signed-in one learns the route is not there, one without
        // a token is asked for it first (the fallback policy), so that probing learns nothing of the routes.
        var answer = await web.Platform.Client.GetAsync("/api/no-such-resource");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.NotEqual("text/html", answer.Content.Headers.ContentType?.MediaType);
        using var anonymous = PlatformFixture.CreateClient(web.Platform.App);
        var challenged = await anonymous.GetAsync("/api/no-such-resource");
        Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (challenged.StatusCode, challenged.Content.Headers.ContentType?.MediaType));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_favicon_and_the_styles_load_without_sign_in()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        foreach (var asset in new[] { "/favicon.svg", "/css/app.css", "/_content/MudBlazor/MudBlazor.min.css" })
        {
            var answer = await anonymous.GetAsync(asset);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{asset}: {answer.StatusCode}");
        }
    }

    [Fact]
    public async Task the_language_follows_the_browser_until_the_switch_chooses_one_and_the_choice_is_remembered()
    {
        var context = await web.Browser.NewContextAsync(new() { BaseURL = web.BaseUrl, Locale = "fr-FR" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/no-such-page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Introuvable");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));

        await WebAppFixture.SignInAsync(page, await web.AccountAsync("viewer"), "/profile");
        await page.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");
        await Assertions.Expect(page.GetByTestId("navigation").GetByRole(AriaRole.Link, new() { Name = "Vue d'ensemble" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("profile-role")).ToHaveTextAsync("Observateur");

        await page.GetByTestId("language-switch").GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await page.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");
        await Assertions.Expect(page.GetByTestId("profile-role")).ToHaveTextAsync("Viewer");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        // Remembered over the browser's French preference, on every later page.
        var later = await context.NewPageAsync();
        await later.GotoAsync("/overview");
        await WebAppFixture.ReadyAsync(later, "overview");
        await Assertions.Expect(later.GetByTestId("navigation").GetByRole(AriaRole.Link, new() { Name = "Overview" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task the_profile_says_who_is_signed_in_and_changes_the_password_keeping_the_session()
    {
        var member = await web.AccountAsync("member");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, member, "/profile");
        await page.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");
        await Assertions.Expect(page.GetByTestId("profile-name")).ToHaveTextAsync("Test member");
        await Assertions.Expect(page.GetByTestId("profile-role")).ToHaveTextAsync("Member");
        await page.AssertAccessibleAsync();

        await page.Locator("#currentPassword").FillAsync(WebAppFixture.Password);
        await page.Locator("#newPassword").FillAsync("a-new-long-password");
        await page.Locator("#repeatPassword").FillAsync("a-new-long-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-changed")).ToBeVisibleAsync();
        await page.GotoAsync("/overview");
        await WebAppFixture.ReadyAsync(page, "overview"); // still signed in, with the new password's session

        using var api = PlatformFixture.CreateClient(web.Platform.App);
        await Accounts.SignInAsync(api, member, "a-new-long-password");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task signing_out_leads_to_the_sign_in_page_and_the_pages_ask_for_it_again()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("member"), "/profile");
        await page.WaitForSelectorAsync("[data-page='profile'][data-ready='true']");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex("/signin$"));
        await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync();

        await page.GotoAsync("/profile");
        await WebAppFixture.ArrivedAsync(page, new Regex(@"/signin\?returnUrl=%2Fprofile$"));
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
