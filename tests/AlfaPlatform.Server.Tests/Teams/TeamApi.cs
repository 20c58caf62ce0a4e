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

    public static Task<HttpResponseMessage> AddMemberAsync(this HttpClient staff, Guid team, Guid person, string role, string on) =>
        staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = person, role, on });
}
