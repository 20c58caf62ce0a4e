using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

/// <summary>Talking to the people and teams API as staff do.</summary>
internal static class TeamApi
{
    public static async Task<Guid> RegisterPersonAsync(this HttpClient staff, string given, string family)
    {
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/people", new
        {
            givenName = given, familyName = family, email = $"{given}.{family}.{Guid.NewGuid():N}@example.org".ToLowerInvariant(),
        });
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateTeamAsync(this HttpClient staff, Guid organisationId, string name = "Leukaemia stem cells")
    {
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId, name, focusAreas = new[] { "AML", "MDS" } });
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A new team of <paramref name="organisationId"/> working on <paramref name="focusAreas"/>.</summary>
    public static async Task<Guid> CreateTeamWithFocusAsync(this HttpClient staff, Guid organisationId, string name, params string[] focusAreas)
    {
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId, name, focusAreas });
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> AddMemberAsync(this HttpClient staff, Guid team, Guid person, string role, string on) =>
        staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = person, role, on });

    /// <summary>A member account, linked to a person who leads a new team: signed in, with that team.</summary>
    public static async Task<(HttpClient Lead, Guid Team)> SignInAsLeadOfANewTeamAsync(this PlatformFixture platform)
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var person = await platform.Client.RegisterPersonAsync("Laure", "Lead");
        await platform.Client.AddMemberAsync(team, person, "Lead", "2024-01-01");
        var userName = $"lead-{Guid.NewGuid():N}@example.org";
        var account = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Laure Lead", roles = new[] { "member" }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>();
        var linked = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account",
            new { accountId = account.GetProperty("account").GetProperty("id").GetGuid() });
        linked.EnsureSuccessStatusCode();
        var client = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(client, userName, "a-long-enough-password");
        return (client, team);
    }
}
