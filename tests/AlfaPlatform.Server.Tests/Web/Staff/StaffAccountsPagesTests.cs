using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office opens an account (its one-time password shown once, which signs the holder in), deactivates
/// one, and issues a partner company's API client (its secret shown once, which gets a token) and revokes it.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class StaffAccountsPagesTests(WebAppFixture web)
{
    [Fact]
    public async Task staff_open_and_deactivate_an_account_and_issue_and_revoke_a_partners_api_client()
    {
        var company = await web.Platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/accounts");
        await WebAppFixture.ReadyAsync(page, "accounts");
        await page.AssertAccessibleAsync();

        // Opened with the partner role, it needs its company: the server says so beside the field.
        var userName = $"ines-{Guid.NewGuid():N}@acme.example";
        await page.GetByLabel("Email (the user name)").FillAsync(userName);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Inès Durand");
        await page.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Value = "partner" });
        await page.GetByTestId("open").ClickAsync();
        await Assertions.Expect(page.Locator("[data-problem-for='company']")).ToBeVisibleAsync();
        await page.GetByLabel("Partner company").First.SelectOptionAsync(new SelectOptionValue { Label = company.Name });
        await page.GetByTestId("open").ClickAsync();
        var password = page.GetByTestId("one-time-password");
        await Assertions.Expect(password).ToBeVisibleAsync();
        var oneTime = await password.InnerTextAsync();
        var row = page.Locator("[data-account]", new() { HasText = userName });
        await Assertions.Expect(row.GetByTestId("account-state")).ToHaveTextAsync("Active; the one-time password is not changed yet");
        await page.AssertAccessibleAsync();
        await page.GetByTestId("dismiss-opened").ClickAsync();
        await Assertions.Expect(password).ToHaveCountAsync(0);

        // The password lets its holder in, who must choose their own first.
        var holder = await web.NewPageAsync();
        await holder.GotoAsync("/signin");
        await holder.Locator("#userName").FillAsync(userName);
        await holder.Locator("#password").FillAsync(oneTime);
        await holder.GetByTestId("signin-form").Locator("button[type=submit]").ClickAsync();
        await WebAppFixture.ArrivedAsync(holder, new Regex("/signin/password"));
        await holder.Context.CloseAsync();

        await row.GetByTestId("deactivate").ClickAsync();
        await Assertions.Expect(row.GetByTestId("account-state")).ToHaveTextAsync("Deactivated");

        // The company's API client: the secret once, which gets a token until the client is revoked.
        await page.GetByLabel("Partner company").Last.SelectOptionAsync(new SelectOptionValue { Label = company.Name });
        await Assertions.Expect(page.GetByTestId("no-client")).ToBeVisibleAsync();
        await page.GetByLabel("Name of the new client (the system using it)").FillAsync("LIMS connector");
        await page.GetByTestId("issue").ClickAsync();
        var secret = page.GetByTestId("client-secret");
        await Assertions.Expect(secret).ToBeVisibleAsync();
        var client = page.Locator("[data-client]", new() { HasText = "LIMS connector" });
        var clientId = await client.GetAttributeAsync("data-client");
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(clientId!, await secret.InnerTextAsync())).StatusCode);
        await page.AssertAccessibleAsync();

        await client.GetByTestId("revoke").ClickAsync();
        await Assertions.Expect(client.GetByTestId("client-state")).ToContainTextAsync("Revoked on");
        Assert.NotEqual(HttpStatusCode.OK, (await TokenAsync(clientId!, await secret.InnerTextAsync())).StatusCode);
        await page.Context.CloseAsync();
    }

    private Task<HttpResponseMessage> TokenAsync(string clientId, string secret) =>
        web.Platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));
}
