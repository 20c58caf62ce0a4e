using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// An open page keeps no identity its account has lost: its circuit checks the account again (every second in the
/// tests, <c>Web:SessionRevalidationInterval</c>) and, once the account is deactivated or its person erased, the page
/// leaves for the sign-in page.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed partial class WebSessionRevalidationTests(WebAppFixture web)
{
    [Fact]
    public async Task an_open_page_leaves_for_sign_in_when_its_account_is_deactivated_or_its_person_erased()
    {
        var deactivated = await OpenOverviewAsync();
        var erased = await OpenOverviewAsync();
        var staff = web.Platform.Client;

        (await staff.PostAsync($"/api/accounts/{deactivated.AccountId}/deactivate", null)).EnsureSuccessStatusCode();
        var person = await staff.RegisterPersonAsync("Erin", "Erased");
        (await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account", new { accountId = erased.AccountId })).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/people/{person}/erase", null)).EnsureSuccessStatusCode();

        foreach (var page in new[] { deactivated.Page, erased.Page })
        {
            await Assertions.Expect(page).ToHaveURLAsync(EndedSignIn(), new() { Timeout = 15_000 });
            await Assertions.Expect(page.GetByTestId("session-ended")).ToBeVisibleAsync();
            await page.GotoAsync("/"); // the cookie is refused too: no way back without signing in
            Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
            await page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"/signin\?ended=true")]
    private static partial Regex EndedSignIn();

    private async Task<(IPage Page, Guid AccountId)> OpenOverviewAsync()
    {
        var viewer = await web.AccountAsync("viewer");
        var accounts = await web.Platform.Client.GetFromJsonAsync<JsonElement>("/api/accounts");
        var id = accounts.EnumerateArray().Single(a => a.GetProperty("userName").GetString() == viewer).GetProperty("id").GetGuid();
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, viewer);
        await WebAppFixture.ReadyAsync(page, "overview");
        return (page, id);
    }
}
