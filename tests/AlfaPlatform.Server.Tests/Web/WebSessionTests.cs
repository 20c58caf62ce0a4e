using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The web sign-in cookie over plain HTTP: what ends it, and the first sign-in with a one-time password.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSessionTests(PlatformFixture platform)
{
    private CookieBrowser NewBrowser() => new(PlatformFixture.CreateClient(platform.App).BaseAddress!.ToString());

    private async Task<(string UserName, JsonElement Created)> AccountAsync(string? password)
    {
        var userName = $"web-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Web person", roles = new[] { "viewer" }, password,
        }).ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>();
        return (userName, created);
    }

    [Fact]
    public async Task a_password_change_ends_the_web_sessions_opened_before_it()
    {
        var (userName, _) = await AccountAsync("a-long-enough-password");
        using var browser = NewBrowser();
        Assert.Equal("/", await browser.SignInAsync(userName, "a-long-enough-password"));
        Assert.Null(await browser.OpenAsync("/overview"));

        using var api = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(api, userName, "a-long-enough-password");
        (await api.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = "a-long-enough-password", newPassword = "another-long-password" }))
            .EnsureSuccessStatusCode();

        Assert.StartsWith("/signin", new Uri(browser.BaseAddress, await browser.OpenAsync("/overview")).PathAndQuery, StringComparison.Ordinal);
        using var again = NewBrowser();
        Assert.Equal("/", await again.SignInAsync(userName, "another-long-password"));
        Assert.Null(await again.OpenAsync("/overview"));
    }

    [Fact]
    public async Task a_one_time_password_leads_the_web_sign_in_to_choosing_a_password_first()
    {
        var (userName, created) = await AccountAsync(password: null);
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        using var browser = NewBrowser();

        var sentTo = await browser.SignInAsync(userName, oneTime, returnUrl: "/pipeline");

        Assert.Equal("/signin/password?returnUrl=%2Fpipeline", sentTo);
        Assert.StartsWith("/signin", new Uri(browser.BaseAddress, await browser.OpenAsync("/pipeline")).PathAndQuery, StringComparison.Ordinal); // no dashboard cookie yet
        Assert.Contains("Web person, your password was a one-time one", WebUtility.HtmlDecode(await browser.ReadAsync(sentTo)), StringComparison.Ordinal);

        var mismatch = await browser.SubmitAsync(sentTo, "/web/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = Accounts.ChosenPassword, ["repeatPassword"] = "something-else-entirely", ["returnUrl"] = "/pipeline",
        });
        Assert.Contains("problem=mismatch", mismatch.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var tooShort = await browser.SubmitAsync(sentTo, "/web/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = "short", ["repeatPassword"] = "short", ["returnUrl"] = "/pipeline",
        });
        Assert.Contains("problem=invalid", tooShort.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var chosen = await browser.SubmitAsync(sentTo, "/web/password", new()
        {
            ["currentPassword"] = oneTime, ["newPassword"] = Accounts.ChosenPassword, ["repeatPassword"] = Accounts.ChosenPassword, ["returnUrl"] = "/pipeline",
        });

        Assert.Equal("/pipeline", chosen.Headers.Location!.OriginalString);
        Assert.Null(await browser.OpenAsync("/pipeline"));
        Assert.Null(await Accounts.TryTokenAsync(platform.Anonymous, userName, oneTime));
        using var api = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(api, userName, Accounts.ChosenPassword);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/dashboards/network")).StatusCode);
    }
}
