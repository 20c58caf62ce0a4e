using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class TeamAuthorizationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task the_network_reads_teams_and_people_but_only_staff_change_them_or_see_contact_details(string role)
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var person = await platform.Client.RegisterPersonAsync("Rita", "Reader");
        using var client = await platform.SignInAsAsync([role]);
        var before = await platform.CountEventsAsync();

        var roster = await client.GetAsync($"/api/teams/{team}/members");
        var someone = await (await client.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>();
        var create = await client.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = "Not allowed" });
        var add = await client.AddMemberAsync(team, person, "Lead", "2024-01-01");
        var register = await client.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = "A", familyName = "B", email = "a.b@example.org" });
        var history = await client.GetAsync($"/api/people/{person}/history");

        Assert.Equal(HttpStatusCode.OK, roster.StatusCode);
        Assert.Equal("Rita", someone.GetProperty("givenName").GetString());
        Assert.Equal(JsonValueKind.Null, someone.GetProperty("email").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("/api/teams")]
    [InlineData("/api/people")]
    public async Task partners_see_nothing_of_teams_and_people(string url)
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task staff_see_contact_details()
    {
        var person = await platform.Client.RegisterPersonAsync("Stan", "Staff");

        var record = await (await platform.Client.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>();

        Assert.EndsWith("@example.org", record.GetProperty("email").GetString(), StringComparison.Ordinal);
    }
}
