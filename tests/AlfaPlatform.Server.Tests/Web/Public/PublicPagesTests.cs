using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.PublicPages;

/// <summary>The public pages, no sign-in: the meetings calendar, applying to become a partner, following the application.</summary>
[Collection(WebAppCollection.Name)]
public sealed class PublicPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task a_company_applies_in_the_browser_follows_its_link_and_once_approved_signs_in_choosing_its_password()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/apply");
        await WebAppFixture.ReadyAsync(page, "apply");
        await page.AssertAccessibleAsync();
        var company = "Acme Biotech " + Guid.NewGuid().ToString("N")[..6];
        var email = $"jeanne-{Guid.NewGuid():N}@acme.example";

        await page.GetByLabel("Company name").FillAsync(company);
        await page.GetByLabel("Contact email").FillAsync("not an address");
        await page.GetByLabel("Contact name").FocusAsync();
        await Assertions.Expect(page.GetByText("The contact's email is a plain address")).ToBeVisibleAsync(); // as one types
        await page.GetByLabel("Contact email").FillAsync(email);
        await page.GetByLabel("Country").SelectOptionAsync(new SelectOptionValue { Label = "France" });
        await page.GetByLabel("Company size").SelectOptionAsync(new SelectOptionValue { Label = "SME" });
        await page.GetByLabel("Contact name").FillAsync("Jeanne Martin");
        await page.GetByLabel("What is your company interested in?").FillAsync("MRD monitoring in AML");
        await page.GetByTestId("apply-send").ClickAsync();

        var link = page.GetByTestId("status-link");
        await Assertions.Expect(link).ToBeVisibleAsync();
        var reference = Guid.Parse(await page.GetByTestId("reference").InnerTextAsync());
        var statusPath = new Uri(await link.InnerTextAsync()).AbsolutePath;
        await page.AssertAccessibleAsync();

        // The same name again while pending: the server's refusal beside the name.
        var again = await web.NewPageAsync();
        await again.GotoAsync("/apply");
        await WebAppFixture.ReadyAsync(again, "apply");
        await again.GetByLabel("Company name").FillAsync(company);
        await again.GetByLabel("Country").SelectOptionAsync(new SelectOptionValue { Label = "France" });
        await again.GetByLabel("Company size").SelectOptionAsync(new SelectOptionValue { Label = "SME" });
        await again.GetByLabel("Contact name").FillAsync("Paul");
        await again.GetByLabel("Contact email").FillAsync("paul@acme.example");
        await again.GetByLabel("What is your company interested in?").FillAsync("Cohorts");
        await again.GetByTestId("apply-send").ClickAsync();
        await Assertions.Expect(again.GetByText("is already pending")).ToBeVisibleAsync();
        await again.Context.CloseAsync();

        await page.GotoAsync(statusPath);
        await WebAppFixture.ReadyAsync(page, "application-status");
        await Assertions.Expect(page.GetByTestId("pending")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        var approved = await web.Platform.Client.PostAsync($"/api/partner-applications/{reference}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var oneTime = (await approved.ReadAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;

        await page.ReloadAsync();
        await WebAppFixture.ReadyAsync(page, "application-status");
        await Assertions.Expect(page.GetByTestId("sign-in-as")).ToContainTextAsync(email);
        await page.AssertAccessibleAsync();
        await page.GetByTestId("to-sign-in").ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex(@"/signin\?returnUrl=%2Frequests$"));
        await page.Locator("#userName").FillAsync(email);
        await page.Locator("#password").FillAsync(oneTime);
        await page.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex("/signin/password"));
        await page.AssertAccessibleAsync();
        await page.Locator("#currentPassword").FillAsync(oneTime);
        await page.Locator("#newPassword").FillAsync(WebAppFixture.Password);
        await page.Locator("#repeatPassword").FillAsync(WebAppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await WebAppFixture.ArrivedAsync(page, new Regex("/requests$"));
        Assert.EndsWith("/requests", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_sign_in_page_passes_axe_and_a_wrong_password_is_told_on_it()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.Locator("#userName").FillAsync($"nobody-{Guid.NewGuid():N}@example.org");
        await page.Locator("#password").FillAsync("not the password");
        await page.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task anyone_reads_the_calendar_and_a_meetings_programme_and_an_unknown_status_link_is_not_found()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/calendar");
        await WebAppFixture.ReadyAsync(page, "calendar");
        await page.AssertAccessibleAsync();
        await Assertions.Expect(page.GetByTestId("calendar-feed")).ToHaveAttributeAsync("href", "/api/meetings.ics");
        var geneva = page.GetByRole(AriaRole.Link, new() { Name = "24th Annual SFGM-TC Congress", Exact = true });
        await geneva.ClickAsync();
        await WebAppFixture.ReadyAsync(page, "calendar-meeting");
        await Assertions.Expect(page.GetByTestId("programme")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("19 Nov 2025");
        await page.AssertAccessibleAsync();

        var members = await web.Platform.Client.CreateMeetingAsync(visibility: "MembersOnly");
        await web.Platform.Client.StepAsync(members, "publish");
        await page.GotoAsync($"/calendar/{members}");
        await WebAppFixture.ReadyAsync(page, "calendar-meeting");
        await Assertions.Expect(page.Locator("[data-status='404']")).ToBeVisibleAsync();

        await page.GotoAsync("/apply/status/" + new string('A', 43));
        await WebAppFixture.ReadyAsync(page, "application-status");
        await Assertions.Expect(page.Locator("[data-status='404']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_calendar_and_the_application_form_read_in_french()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/web/language/fr?returnUrl=/calendar");
        await WebAppFixture.ReadyAsync(page, "calendar");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Calendrier des réunions");
        await page.GetByRole(AriaRole.Link, new() { Name = "24th Annual SFGM-TC Congress", Exact = true }).ClickAsync();
        await WebAppFixture.ReadyAsync(page, "calendar-meeting");
        await Assertions.Expect(page.GetByTestId("meeting-when")).ToContainTextAsync("19 nov. 2025");
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/apply");
        await WebAppFixture.ReadyAsync(page, "apply");
        await Assertions.Expect(page.GetByLabel("Nom de l’entreprise")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("E-mail du contact")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#country option[value='DE']")).ToHaveTextAsync("Allemagne");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }
}
