using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Web.Components.Shell;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace AlfaPlatform.Server.Tests.Web.Staff;

/// <summary>
/// The network office's workspace as a whole: only staff see it, by navigation or typed address; and the Carnot
/// report, whose page and exports give the same figures as the value dashboard.
/// </summary>
[Collection(OfficeWebAppCollection.Name)]
public sealed class StaffWorkspaceTests(WebAppFixture web)
{
    private static readonly IReadOnlyList<string> OfficePages =
        [.. Navigation.Entries.Where(e => e.Audience == Audience.Staff).Select(e => e.Path)];

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    [InlineData("partner")]
    public async Task only_staff_see_the_office_by_navigation_or_typed_address(string role)
    {
        var company = role == "partner" ? (await web.Platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id : (Guid?)null;
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync(role, company));
        await Assertions.Expect(page.GetByTestId("navigation")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("office-navigation")).ToHaveCountAsync(0);
        foreach (var path in OfficePages)
        {
            await Assertions.Expect(page.GetByTestId("navigation").Locator($"a[href^='{path}']")).ToHaveCountAsync(0);
        }

        foreach (var path in OfficePages.Append("/office/organisations/" + Guid.NewGuid()))
        {
            var response = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("For the network office");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task staff_find_every_office_page_in_the_navigation()
    {
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"));
        var office = page.GetByTestId("office-navigation");
        foreach (var path in OfficePages)
        {
            await Assertions.Expect(office.Locator($"a[href='{path}']")).ToHaveCountAsync(1);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_carnot_report_shows_the_year_beside_the_one_before_and_exports_the_value_dashboards_figures()
    {
        // A collaboration signed a week ago, completed and rated: the year's value, agreements and satisfaction move.
        var platform = web.Platform;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (member, team, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        member.Dispose();
        var journey = new RequestJourney(platform.Client, partner, team, Guid.Empty);
        var request = await journey.InStateAsync(RequestState.Completed);
        await partner.PostAsync($"{CollaborationApi.Requests}/{request}/satisfaction", new { score = 5, comment = "Clear and on time" }).ExpectAsync(HttpStatusCode.OK);
        var year = RequestJourney.SignedOn.Year;

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), $"/office/carnot?year={year}");
        await WebAppFixture.ReadyAsync(page, "carnot");
        await page.AssertAccessibleAsync();

        // The projection catches up with the agreement; the dashboard's figures are then read once, through the API.
        var value = await ValueOfYearAsync(year, atLeastAgreements: 1);
        var agreements = value.GetProperty("agreements").GetInt32();
        await Assertions.Expect(page.Locator("[data-figure='agreements'] [data-column='year']"))
            .ToHaveTextAsync(agreements.ToString("N0", CultureInfo.GetCultureInfo("en")), new() { Timeout = 15_000 });
        if (year == DateTime.UtcNow.Year) // ratings count in the year they are given, agreements in the year they were signed
        {
            await Assertions.Expect(page.Locator("[data-figure='satisfaction'] [data-column='year']")).Not.ToHaveTextAsync("—");
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        Assert.Equal($"carnot-{year}.xlsx", download.SuggestedFilename);
        var sheet = await SavedAsync(download);
        var rows = MiniExcel.Query(new MemoryStream(sheet), useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .ToDictionary(row => (string)row["key"]!, row => row);
        decimal Figure(string key, string column) => Convert.ToDecimal(rows[key][column], CultureInfo.InvariantCulture);

        var thisYear = year.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(value.GetProperty("valueEuros").GetDecimal(), Figure("value_euros", thisYear));
        Assert.Equal(agreements, Figure("agreements", thisYear));
        var bySize = value.GetProperty("byPartnerSize");
        foreach (var (size, key) in new[] { ("Sme", "value_euros_sme"), ("MidSize", "value_euros_midsize"), ("LargeGroup", "value_euros_largegroup") })
        {
            Assert.Equal(bySize.TryGetProperty(size, out var euros) ? euros.GetDecimal() : 0m, Figure(key, thisYear));
        }

        Assert.Equal("Partnership value with companies", rows["value_euros"]["Figure"]);
        Assert.Equal(7_200_000m, Figure("value_euros", "Target"));

        var csv = await SavedAsync(await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync()));
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]); // a byte order mark: spreadsheets read the accents right
        Assert.StartsWith($"figure,label,{year},{year - 1},target", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_carnot_report_is_staffs_and_reports_this_year_unless_asked_another()
    {
        var staff = web.Platform.Client;
        var thisYear = await staff.GetAsync("/api/dashboards/carnot").OkJsonAsync();
        Assert.Equal(DateTime.UtcNow.Year, thisYear.GetProperty("figures").GetProperty("year").GetProperty("year").GetInt32());
        var asOf = await staff.GetAsync("/api/dashboards/carnot?asOf=2025-06-30").OkJsonAsync();
        Assert.Equal(2024, asOf.GetProperty("figures").GetProperty("previousYear").GetProperty("year").GetInt32());
        var refused = await staff.GetAsync("/api/dashboards/carnot?year=1999");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var member = await web.Platform.SignInAsAsync(["member"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/dashboards/carnot")).StatusCode);
    }

    [Fact]
    public async Task the_audit_finds_a_records_changes_and_leads_to_the_record()
    {
        var organisation = await web.Platform.Client.RegisterOrganisationAsync(kind: "RndPlatform");
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, await web.AccountAsync("staff"), "/office/audit");
        await WebAppFixture.ReadyAsync(page, "audit");
        await page.AssertAccessibleAsync();

        // A mistyped id is answered beside the field, and the search keeps what was typed.
        var record = page.GetByLabel("Record id");
        await record.FillAsync("not-an-id");
        await page.GetByTestId("audit-search").ClickAsync();
        await Assertions.Expect(page.Locator("[data-problem-for='record']")).ToContainTextAsync("copy it from the record's address");
        await Assertions.Expect(record).ToHaveValueAsync("not-an-id");

        await record.FillAsync(organisation.Id.ToString());
        await page.GetByTestId("audit-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-total")).ToHaveTextAsync("Changes found: 1");
        var row = page.Locator($"[data-record='{organisation.Id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-event", "OrganisationRegistered");
        await Assertions.Expect(row.GetByTestId("record-link")).ToHaveAttributeAsync("href", $"/office/organisations/{organisation.Id}");
        Assert.Contains($"record={organisation.Id}", page.Url, StringComparison.Ordinal);
        await page.AssertAccessibleAsync();

        // Who made it: one click narrows the trail to that person's changes.
        await row.Locator("td").Nth(2).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("actor="));
        await Assertions.Expect(page.Locator("[data-event]").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The value dashboard's figures for a year, once they count the agreements the test recorded.</summary>
    private async Task<JsonElement> ValueOfYearAsync(int year, int atLeastAgreements)
    {
        for (var attempt = 0; ; attempt++)
        {
            var answer = await web.Platform.Client.GetAsync("/api/dashboards/value").OkJsonAsync();
            var figures = answer.GetProperty("figures").GetProperty("years").EnumerateArray()
                .FirstOrDefault(y => y.GetProperty("year").GetInt32() == year);
            if (figures.ValueKind == JsonValueKind.Object && figures.GetProperty("agreements").GetInt32() >= atLeastAgreements || attempt == 100)
            {
                return figures;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<byte[]> SavedAsync(IDownload download)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + Path.GetExtension(download.SuggestedFilename));
        await download.SaveAsAsync(path);
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
