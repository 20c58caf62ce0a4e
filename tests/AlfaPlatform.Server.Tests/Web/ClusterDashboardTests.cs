using AlfaPlatform.Server.Infrastructure.Clustering;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>Orleans' dashboard is the staff's: signed in to the web app as staff, never anyone else.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ClusterDashboardTests(PlatformFixture platform)
{
    private CookieBrowser NewBrowser() => new(PlatformFixture.CreateClient(platform.App).BaseAddress!.ToString());

    [Fact]
    public async Task staff_see_the_cluster_and_its_silo()
    {
        using var browser = NewBrowser();
        await browser.SignInAsync(AlfaPlatform.Server.Identity.FirstStaffAccount.UserName, Accounts.StaffPassword);

        Assert.Null(await browser.OpenAsync($"{ClusterDashboard.Path}/"));
        var silos = await browser.ReadAsync($"{ClusterDashboard.Path}/DashboardCounters");
        Assert.Contains("127.0.0.1", silos, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("member")]
    public async Task anyone_else_is_refused(string role)
    {
        var userName = $"cluster-{Guid.NewGuid():N}@example.org";
        (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Not staff", roles = new[] { role }, password = "a-long-enough-password",
        })).EnsureSuccessStatusCode();
        using var browser = NewBrowser();
        await browser.SignInAsync(userName, "a-long-enough-password");

        Assert.NotNull(await browser.OpenAsync($"{ClusterDashboard.Path}/"));
        Assert.NotNull(await browser.OpenAsync($"{ClusterDashboard.Path}/DashboardCounters"));
    }

    [Fact]
    public async Task nobody_signed_out_sees_it()
    {
        using var browser = NewBrowser();

        Assert.StartsWith("/signin", new Uri(browser.BaseAddress, await browser.OpenAsync($"{ClusterDashboard.Path}/")).PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/signin", new Uri(browser.BaseAddress, await browser.OpenAsync($"{ClusterDashboard.Path}/DashboardCounters")).PathAndQuery, StringComparison.Ordinal);
    }
}
