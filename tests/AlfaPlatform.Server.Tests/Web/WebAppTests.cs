using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The dashboards' web app in headless Chromium: sign-in, every page with the seeded network's figures, "as of", access.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppTests(WebAppFixture web)
{
    [Fact]
    public async Task an_anonymous_visitor_of_any_page_is_sent_to_sign_in()
    {
        var page = await web.NewPageAsync();
        foreach (var path in new[] { "/", "/pipeline", "/value", "/membership", "/meetings", "/activity" })
        {
            await page.GotoAsync(path);
            Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).IsVisibleAsync());
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_viewer_signs_in_and_sees_the_seeded_network_and_as_of_an_earlier_day_the_earlier_figures()
    {
        var viewer = await web.AccountAsync("viewer");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, viewer);
        await WebAppFixture.ReadyAsync(page, "overview");

        var api = await web.Platform.Client.GetAsync("/api/dashboards/network").OkJsonAsync();
        foreach (var kind in api.GetProperty("figures").GetProperty("organisationsByKind").EnumerateObject())
        {
            Assert.Equal(kind.Value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                await page.Locator($"[data-kind='{kind.Name}'] [data-count='organisations']").InnerTextAsync());
        }

        Assert.False(await page.GetByTestId("as-of-banner").IsVisibleAsync());

        // Before the network was labelled (the seed's date, 2020-02-01) the platform knew no organisation.
        await WebAppFixture.ChooseAsOfAsync(page, "2020-01-31");
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToContainTextAsync("31 Jan 2020");
        await Assertions.Expect(page.Locator("[data-value='organisations']")).ToHaveTextAsync("0");
        Assert.Contains("asOf=2020-01-31", page.Url, StringComparison.Ordinal);

        await WebAppFixture.ChooseAsOfAsync(page, "2020-03-01");
        var labelled = await web.Platform.Client.GetAsync("/api/dashboards/network?asOf=2020-03-01").OkJsonAsync();
        var total = labelled.GetProperty("figures").GetProperty("organisationsByKind").EnumerateObject().Sum(k => k.Value.GetInt32());
        Assert.True(total > 0, "the seed's organisations, recorded on its label date");
        await Assertions.Expect(page.Locator("[data-value='organisations']")).ToHaveTextAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }
}
