using System.Globalization;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The dashboards in French: headings, choices in words, French dates and euros, and axe on every page.</summary>
[Collection(WebAppCollection.Name)]
public sealed class DashboardsInFrenchTests(WebAppFixture web)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task a_viewer_in_french_reads_every_dashboard_in_french_with_kinds_in_words_french_dates_and_euros()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("viewer"));
        await WebAppFixture.ReadyAsync(page, "overview");
        await page.GotoAsync("/web/language/fr?returnUrl=/overview");
        await WebAppFixture.ReadyAsync(page, "overview");

        await Assertions.Expect(H1(page)).ToHaveTextAsync("Le réseau");
        var network = (await web.Platform.Client.GetAsync("/api/dashboards/network").OkJsonAsync()).GetProperty("figures");
        Assert.True(network.GetProperty("organisationsByKind").TryGetProperty("CooperativeGroup", out _), "the seed has cooperative groups");
        await Assertions.Expect(page.Locator("[data-kind='CooperativeGroup'] th")).ToHaveTextAsync("Groupe coopérateur");
        await page.AssertAccessibleAsync();
        await Screenshot(page, "fr-overview.png");

        foreach (var (path, name, heading) in new[]
                 {
                     ("/pipeline", "pipeline", "Pipeline des partenariats"), ("/value", "value", "Valeur des partenariats"),
                     ("/membership", "membership", "Adhésions"), ("/meetings", "meetings", "Réunions"), ("/activity", "activity", "Activité"),
                 })
        {
            await page.GotoAsync(path);
            await WebAppFixture.ReadyAsync(page, name);
            await Assertions.Expect(H1(page)).ToHaveTextAsync(heading);
            await page.AssertAccessibleAsync();
            await Screenshot(page, $"fr-{name}.png");
            if (name == "pipeline")
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Soumise", Exact = true })).ToBeVisibleAsync();
            }
            else if (name == "value")
            {
                var value = (await web.Platform.Client.GetAsync("/api/dashboards/value").OkJsonAsync()).GetProperty("figures");
                var target = value.GetProperty("yearlyTargetEuros").GetDecimal();
                Assert.Equal(Spaced(target.ToString("N0", French) + " €"), Spaced(await page.Locator("[data-value='target']").InnerTextAsync()));
            }
        }

        // The "as of" banner names the day in French.
        await page.GotoAsync("/overview?asOf=2020-01-31");
        await WebAppFixture.ReadyAsync(page, "overview");
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToContainTextAsync("31 janv. 2020");
        await Assertions.Expect(H1(page)).ToHaveTextAsync("Le réseau");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_activity_page_shows_the_changes_a_page_at_a_time_older_then_back_to_the_newest()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("viewer"), "/activity");
        await WebAppFixture.ReadyAsync(page, "activity");
        await Assertions.Expect(page.GetByTestId("activity-page")).ToHaveTextAsync("Page 1");
        await Assertions.Expect(page.Locator("[data-event]")).ToHaveCountAsync(25);
        Assert.True(await page.GetByTestId("activity-newer").IsDisabledAsync());

        await page.GetByTestId("activity-older").ClickAsync();
        await page.WaitForSelectorAsync("[data-page='activity'][data-feed-page='2']");
        await Assertions.Expect(page.GetByTestId("activity-page")).ToHaveTextAsync("Page 2");
        var before = long.Parse(new Uri(page.Url).Query.Split('&', '?').Single(p => p.StartsWith("before=", StringComparison.Ordinal))[7..], CultureInfo.InvariantCulture);
        var older = (await web.Platform.Client.GetAsync($"/api/dashboards/activity?limit=25&before={before}").OkJsonAsync())
            .GetProperty("figures").GetProperty("items");
        await Assertions.Expect(page.Locator("[data-event]").First).ToHaveAttributeAsync("data-event", older[0].GetProperty("event").GetString()!);
        await page.AssertAccessibleAsync();

        await page.GetByTestId("activity-newer").ClickAsync();
        await page.WaitForSelectorAsync("[data-page='activity'][data-feed-page='1']");
        Assert.DoesNotContain("before=", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_activity_query_pages_after_a_change_and_refuses_a_cursor_that_is_not_positive()
    {
        var client = web.Platform.Client;
        var four = Items(await client.GetAsync("/api/dashboards/activity?limit=4").OkJsonAsync());
        var first = await client.GetAsync("/api/dashboards/activity?limit=2").OkJsonAsync();
        var next = first.GetProperty("figures").GetProperty("next").GetInt64();
        var second = Items(await client.GetAsync($"/api/dashboards/activity?limit=2&before={next}").OkJsonAsync());

        Assert.Equal(four.Take(2), Items(first));
        Assert.Equal(next, four[1]);
        Assert.Equal(four.Skip(2), second);
        Assert.Empty(Items(await client.GetAsync($"/api/dashboards/activity?before={long.MaxValue}").OkJsonAsync())); // no such change

        var refused = await client.GetAsync("/api/dashboards/activity?before=0");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await refused.ProblemAsync();
    }

    private static List<long> Items(JsonElement answer) =>
        [.. answer.GetProperty("figures").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64())];

    private static ILocator H1(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>French separates thousands and the euro sign with narrow or non-breaking spaces: compared as plain spaces.</summary>
    private static string Spaced(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim();

    private static async Task Screenshot(IPage page, string file)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder.FullName, file), FullPage = true });
    }
}
