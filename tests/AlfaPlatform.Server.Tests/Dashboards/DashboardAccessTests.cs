using System.Net;
using System.Net.Http.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>Who may read dashboards (staff, members, viewers), who may not (partners: 403; no token: 401), who rebuilds (staff).</summary>
[Collection(DashboardHistoryCollection.Name)]
public sealed class DashboardAccessTests(DashboardHistoryFixture history)
{
    public static readonly TheoryData<string> Resources =
        ["network", "membership", "pipeline", "value", "experience", "activity", "meetings", "changes", "rebuilds", "network?asOf=2024-06-30"];

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task a_partner_is_refused_every_dashboard_resource(string resource)
    {
        var partner = await history.SignInAsync("partner");

        var response = await partner.GetAsync($"/api/dashboards/{resource}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task an_anonymous_caller_is_asked_to_sign_in(string resource)
    {
        var response = await history.Platform.Anonymous.GetAsync($"/api/dashboards/{resource}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("partner", HttpStatusCode.Forbidden)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task only_staff_rebuild(string? role, HttpStatusCode expected)
    {
        var client = role is null ? history.Platform.Anonymous : await history.SignInAsync(role);

        var response = await client.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "dashboard-network" });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task rebuilding_an_unknown_projection_is_a_bad_request()
    {
        var response = await history.Platform.Client.PostAsJsonAsync("/api/dashboards/rebuild", new { projection = "dashboard-nothing" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("projection", out _));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task members_and_viewers_read_dashboards(string role)
    {
        var client = await history.SignInAsync(role);

        foreach (var dashboard in new[] { "network", "membership", "pipeline", "value", "experience", "activity" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/dashboards/{dashboard}")).StatusCode);
        }
    }
}
