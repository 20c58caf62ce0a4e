using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office answers partner applications in the browser: approving shows the contact's one-time password
/// once, which lets the contact sign in (choosing a password first); rejecting asks why.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class StaffApplicationsPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task staff_approve_an_application_the_one_time_password_shown_once_signs_the_contact_in_and_reject_another_saying_why()
    {
        var (approvedId, company, email, _) = await ApplyAsync();
        var (rejectedId, _, _, rejectedStatus) = await ApplyAsync();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/applications");
        await WebAppFixture.ReadyAsync(page, "applications");
        var approving = page.Locator($"[data-application='{approvedId}']");
        await Assertions.Expect(approving.GetByRole(AriaRole.Heading, new() { Name = company })).ToBeVisibleAsync();
        await Assertions.Expect(approving).ToContainTextAsync(email);
        await page.AssertAccessibleAsync();

        await approving.GetByTestId("approve").ClickAsync();
        var password = page.GetByTestId("one-time-password");
        await Assertions.Expect(password).ToBeVisibleAsync();
        var oneTime = await password.InnerTextAsync();
        await Assertions.Expect(page.GetByTestId("approved")).ToContainTextAsync(email);
        await Assertions.Expect(approving).ToHaveCountAsync(0); // no longer pending
        await page.AssertAccessibleAsync();

        // Once: dismissed, it is nowhere on the page, nor after a reload.
        await page.GetByTestId("dismiss-approved").ClickAsync();
        await Assertions.Expect(password).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await WebAppFixture.ReadyAsync(page, "applications");
        await Assertions.Expect(password).ToHaveCountAsync(0);

        // The other is rejected with the reason the company reads.
        var rejecting = page.Locator($"[data-application='{rejectedId}']");
        await rejecting.GetByTestId("reject").ClickAsync();
        await Assertions.Expect(rejecting.GetByTestId("reject-confirm")).ToBeDisabledAsync();
        await rejecting.GetByLabel("Why it is rejected (the company reads it)").FillAsync("Your research needs fall outside the network's fields.");
        await page.AssertAccessibleAsync();
        await rejecting.GetByTestId("reject-confirm").ClickAsync();
        await Assertions.Expect(rejecting).ToHaveCountAsync(0);
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Rejected" });
        await Assertions.Expect(rejecting).ToContainTextAsync("Your research needs fall outside the network's fields.");
        var rejected = await web.Platform.Client.GetAsync($"/api/partner-applications/{rejectedId}");
        Assert.Equal("Rejected", (await rejected.ReadAsync<JsonElement>()).GetProperty("status").GetString());
        await page.Context.CloseAsync();

        // The rejected company reads the answer and its reason on the status page its link opens, no sign-in.
        var applicant = await web.NewPageAsync();
        await applicant.GotoAsync(rejectedStatus);
        await WebAppFixture.ReadyAsync(applicant, "application-status");
        await Assertions.Expect(applicant.GetByTestId("status")).ToHaveTextAsync("Rejected");
        await Assertions.Expect(applicant.GetByTestId("rejected")).ToContainTextAsync("Your research needs fall outside the network's fields.");
        await applicant.AssertAccessibleAsync();
        await applicant.Context.CloseAsync();

        // The contact signs in with the one-time password and is made to choose its own first.
        var contact = await web.NewPageAsync();
        await contact.GotoAsync("/requests");
        await contact.Locator("#userName").FillAsync(email);
        await contact.Locator("#password").FillAsync(oneTime);
        await contact.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync();
        await WebAppFixture.ArrivedAsync(contact, new Regex("/signin/password"));
        await contact.Locator("#currentPassword").FillAsync(oneTime);
        await contact.Locator("#newPassword").FillAsync(WebAppFixture.Password);
        await contact.Locator("#repeatPassword").FillAsync(WebAppFixture.Password);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await WebAppFixture.ArrivedAsync(contact, new Regex("/requests$"));
        await WebAppFixture.ReadyAsync(contact, "requests");
        await contact.Context.CloseAsync();
    }

    /// <summary>A company applies through the API, as the public /apply page does.</summary>
    private async Task<(Guid Id, string Company, string Email, string StatusPath)> ApplyAsync()
    {
        var company = "Acme Biotech " + Guid.NewGuid().ToString("N")[..6];
        var email = $"jeanne-{Guid.NewGuid():N}@acme.example";
        var applied = await web.Platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = company, country = "FR", size = "Sme", website = "https://acme.example", contactName = "Jeanne Martin",
            contactEmail = email, interest = "MRD monitoring in AML",
        });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var receipt = await applied.ReadAsync<JsonElement>();
        return (receipt.GetProperty("id").GetGuid(), company, email, receipt.GetProperty("statusUrl").GetString()!);
    }
}
