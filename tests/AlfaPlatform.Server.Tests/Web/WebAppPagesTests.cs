using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>Every page of the web app with the seeded network, live updates, who may open it, and the README's screenshots.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppPagesTests(WebAppFixture web)
{
    private static readonly string[] Pages = ["/overview", "/pipeline", "/value", "/membership", "/meetings", "/activity"];

    [Fact]
    public async Task a_viewer_opens_every_page_with_the_apis_figures_and_as_of_an_earlier_day_sees_the_earlier_ones()
    {
        var viewer = await web.AccountAsync("viewer");
        var token = await ViewerClientAsync(viewer);
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, viewer);
        await WebAppFixture.ReadyAsync(page, "overview");
        await page.AssertAccessibleAsync();
        await Screenshot(page, "web-overview.png");

        await OpenAsync(page, "Pipeline", "pipeline");
        var pipeline = (await token.GetAsync("/api/dashboards/pipeline").OkJsonAsync()).GetProperty("figures");
        // At least the fixture's partner requests; other tests of the collection (the partner's pages) add theirs.
        var requests = pipeline.GetProperty("requests").GetInt32();
        Assert.True(requests >= 3, $"the fixture's three partner requests, found {requests}");
        await Expect(page, "requests", requests);
        await Assertions.Expect(page.Locator("[data-state='Submitted']")).ToHaveTextAsync(
            pipeline.GetProperty("byState").EnumerateObject().Where(p => p.Name.Equals("Submitted", StringComparison.OrdinalIgnoreCase))
                .Sum(p => p.Value.GetInt32()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Screenshot(page, "web-pipeline.png");

        await OpenAsync(page, "Partnership value", "value");
        var value = (await token.GetAsync("/api/dashboards/value").OkJsonAsync()).GetProperty("figures");
        await Expect(page, "agreements", value.GetProperty("years").EnumerateArray().Sum(y => y.GetProperty("agreements").GetInt32()));

        await OpenAsync(page, "Membership", "membership");
        var membership = (await token.GetAsync("/api/dashboards/membership").OkJsonAsync()).GetProperty("figures");
        await Expect(page, "headcount", membership.GetProperty("headcount").GetInt32());

        await OpenAsync(page, "Meetings", "meetings");
        // The dashboard's past meetings are those that have started (a meeting under way has its check-ins); the
        // API's past ones have ended, and those under way are the first of its upcoming ones.
        var ended = (await token.GetAsync("/api/meetings?when=Past&pageSize=200").OkJsonAsync()).GetProperty("total").GetInt32();
        var underWay = (await token.GetAsync("/api/meetings?when=Upcoming&pageSize=200").OkJsonAsync()).GetProperty("items").EnumerateArray()
            .Count(m => m.GetProperty("startsAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        await Expect(page, "past", ended + underWay);

        await OpenAsync(page, "Activity", "activity");
        var activity = (await token.GetAsync("/api/dashboards/activity?limit=1").OkJsonAsync()).GetProperty("figures").GetProperty("items")[0];
        await Assertions.Expect(page.Locator($"[data-event='{activity.GetProperty("event").GetString()}']").First).ToBeVisibleAsync();

        // The day before the seed's label date: through the menu (which keeps the day), the overview and the
        // meetings show what the platform knew then: nothing yet.
        await WebAppFixture.ChooseAsOfAsync(page, "2020-01-31");
        await OpenAsync(page, "Overview", "overview");
        Assert.Contains("asOf=2020-01-31", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("as-of-banner")).ToBeVisibleAsync();
        await Expect(page, "organisations", 0);
        await OpenAsync(page, "Meetings", "meetings");
        await Expect(page, "past", 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_open_overview_updates_by_itself_when_an_organisation_is_registered_through_the_api()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("viewer"));
        await WebAppFixture.ReadyAsync(page, "overview");
        var before = int.Parse(await page.Locator("[data-value='organisations']").InnerTextAsync(), CultureInfo.InvariantCulture);
        await page.EvaluateAsync("() => window.notReloaded = true");

        await web.Platform.Client.RegisterOrganisationAsync(kind: "RndPlatform");

        await Assertions.Expect(page.Locator("[data-value='organisations']"))
            .ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page updated without a reload");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_partner_gets_403_on_every_page_and_every_dashboard_resource()
    {
        var company = await web.Platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var partner = await web.AccountAsync("partner", company.Id);
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner);
        foreach (var path in Pages)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Dashboards are for the network");
        }

        using var api = PlatformFixture.CreateClient(web.Platform.App);
        await Accounts.SignInAsync(api, partner, WebAppFixture.Password);
        foreach (var dashboard in new[] { "network", "membership", "pipeline", "value", "experience", "activity", "changes" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/dashboards/{dashboard}")).StatusCode);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_member_sees_the_figures_without_partner_names_and_the_api_refuses_the_web_cookie()
    {
        var page = await web.NewPageAsync(width: 1024, height: 768); // a tablet, landscape
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("member"), "/pipeline");
        await WebAppFixture.ReadyAsync(page, "pipeline");
        await Assertions.Expect(page.GetByText("Partner companies are not named for members.")).ToBeVisibleAsync();

        // Signed in to the web app is not signed in to the API: the cookie opens no API resource.
        var api = await page.Context.APIRequest.GetAsync("/api/dashboards/network");
        Assert.Equal((int)HttpStatusCode.Unauthorized, api.Status);
        await page.Context.CloseAsync();
    }

    private async Task<HttpClient> ViewerClientAsync(string userName)
    {
        var client = PlatformFixture.CreateClient(web.Platform.App);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Accounts.TokenAsync(client, userName, WebAppFixture.Password));
        return client;
    }

    /// <summary>Through the menu, as a person does (keeping the "as of" day), then until the page is live.</summary>
    private static async Task OpenAsync(IPage page, string link, string name)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await WebAppFixture.ReadyAsync(page, name);
        await page.AssertAccessibleAsync();
    }

    private static Task Expect(IPage page, string figure, int value) =>
        Assertions.Expect(page.Locator($"[data-value='{figure}']")).ToHaveTextAsync(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The README's pictures, taken on every run: into the test output, and into docs/images of the checkout when
    /// <c>ALFA_UPDATE_SCREENSHOTS=1</c> (so an ordinary run leaves the working tree as it was).
    /// </summary>
    internal static async Task Screenshot(IPage page, string file)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        if (Environment.GetEnvironmentVariable("ALFA_UPDATE_SCREENSHOTS") == "1")
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "AlfaPlatform.sln")))
            {
                root = root.Parent;
            }

            folder = root is null ? folder : Directory.CreateDirectory(Path.Combine(root.FullName, "docs", "images"));
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(folder.FullName, file), FullPage = false });
    }
}
