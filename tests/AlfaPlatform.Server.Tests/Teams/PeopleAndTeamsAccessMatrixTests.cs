using System.Net;
using System.Text;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

/// <summary>
/// Every people and teams endpoint, called by every kind of caller. Writes send an empty body, and name a person who
/// does not exist: a caller who may act gets past authorization and is stopped by validation (400), a missing record
/// (404) or a rule (409, archiving a team that has members), so nothing changes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PeopleAndTeamsAccessMatrixTests(PlatformFixture platform)
{
    private enum Access
    {
        /// <summary>Staff, members and viewers.</summary>
        NetworkRead,

        /// <summary>Staff only (contact details, files with emails).</summary>
        StaffRead,

        /// <summary>Staff, and the team's own lead.</summary>
        TeamChange,

        /// <summary>Staff only.</summary>
        StaffWrite,
    }

    private static readonly (string Method, string Url, Access Access)[] Endpoints =
    [
        ("GET", "/api/teams", Access.NetworkRead),
        ("GET", "/api/teams/{team}", Access.NetworkRead),
        ("GET", "/api/teams/{team}/history", Access.NetworkRead),
        ("GET", "/api/teams/{team}/members", Access.NetworkRead),
        ("GET", "/api/teams/{team}/members.csv", Access.StaffRead),
        ("GET", "/api/organisations/{organisation}/teams", Access.NetworkRead),
        ("POST", "/api/teams", Access.StaffWrite),
        ("PUT", "/api/teams/{team}/name", Access.TeamChange),
        ("PUT", "/api/teams/{team}/focus", Access.TeamChange),
        ("POST", "/api/teams/{team}/archive", Access.TeamChange),
        ("POST", "/api/teams/{team}/members", Access.TeamChange),
        ("POST", "/api/teams/{team}/lead", Access.TeamChange),
        ("PUT", "/api/teams/{team}/members/{person}/role", Access.TeamChange),
        ("POST", "/api/teams/{team}/members/{person}/leave", Access.TeamChange),
        ("POST", "/api/teams/{team}/members/import", Access.StaffWrite),
        ("GET", "/api/people", Access.NetworkRead),
        ("GET", "/api/people/{person}", Access.NetworkRead),
        ("GET", "/api/people/{person}/memberships", Access.NetworkRead),
        ("GET", "/api/people/{person}/history", Access.StaffRead),
        ("POST", "/api/people", Access.StaffWrite),
        ("PUT", "/api/people/{person}/profile", Access.StaffWrite),
        ("POST", "/api/people/{person}/deactivate", Access.StaffWrite),
        ("POST", "/api/people/{person}/erase", Access.StaffWrite),
        ("PUT", "/api/people/{person}/account", Access.StaffWrite),
    ];

    [Fact]
    public async Task every_people_and_teams_endpoint_lets_in_exactly_the_callers_it_should()
    {
        var (lead, ownTeam) = await platform.SignInAsLeadOfANewTeamAsync();
        var (_, otherTeam) = await platform.SignInAsLeadOfANewTeamAsync();
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var person = await platform.Client.RegisterPersonAsync("Matrix", "Subject");
        var callers = new (string Name, HttpClient Client, Func<Access, Guid, bool?> MayAct)[]
        {
            ("anonymous", platform.Anonymous, (_, _) => null),
            ("partner", await platform.SignInAsAsync(["partner"], company.Id), (_, _) => false),
            ("viewer", await platform.SignInAsAsync(["viewer"]), (access, _) => access == Access.NetworkRead),
            ("member", await platform.SignInAsAsync(["member"]), (access, _) => access == Access.NetworkRead),
            ("lead", lead, (access, team) => access == Access.NetworkRead || (access == Access.TeamChange && team == ownTeam)),
            ("staff", platform.Client, (_, _) => true),
        };
        var before = await platform.CountEventsAsync();

        var wrong = new List<string>();
        foreach (var (method, template, access) in Endpoints)
        {
            foreach (var team in template.Contains("{team}", StringComparison.Ordinal) ? new[] { ownTeam, otherTeam } : [ownTeam])
            {
                var url = template.Replace("{team}", team.ToString(), StringComparison.Ordinal)
                    .Replace("{person}", (method == "GET" ? person : Guid.NewGuid()).ToString(), StringComparison.Ordinal)
                    .Replace("{organisation}", organisation.Id.ToString(), StringComparison.Ordinal);
                foreach (var (name, client, mayAct) in callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method != "GET")
                    {
                        request.Content = url.EndsWith("/import", StringComparison.Ordinal)
                            ? new StringContent("", Encoding.UTF8, "text/csv")
                            : new StringContent("{}", Encoding.UTF8, "application/json");
                    }

                    var status = (await client.SendAsync(request)).StatusCode;
                    var expected = mayAct(access, team) switch { null => "401", false => "403", true => "allowed" };
                    var actual = status switch { HttpStatusCode.Unauthorized => "401", HttpStatusCode.Forbidden => "403", _ => "allowed" };
                    if (expected != actual || (int)status >= 500)
                    {
                        wrong.Add($"{name} {method} {url}: expected {expected}, got {(int)status}");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before, await platform.CountEventsAsync()); // empty bodies: nobody changed anything
    }
}
