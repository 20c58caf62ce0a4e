using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>Talking to the meetings API as staff and registrants do.</summary>
internal static class MeetingApi
{
    public static async Task<Guid> CreateMeetingAsync(
        this HttpClient staff, string title = "Annual symposium", int? capacity = 100, string visibility = "Public", bool requiresApproval = false,
        string start = "2025-11-19T09:00:00", string end = "2025-11-21T17:00:00", string timeZone = "Europe/Zurich", Guid[]? organisers = null)
    {
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/meetings", new
        {
            title, kind = "Congress", start, end, timeZone,
            venue = new { name = "Palexpo", city = "Geneva", country = "CH" },
            capacity, visibility, requiresApproval, organisers = organisers ?? [],
            chairs = new[] { new { name = "Hervé Dombret" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A meeting published with registration open.</summary>
    public static async Task<Guid> OpenMeetingAsync(this HttpClient staff, int? capacity = 100, string visibility = "Public", bool requiresApproval = false,
        string start = "2025-11-19T09:00:00", string end = "2025-11-21T17:00:00")
    {
        var id = await staff.CreateMeetingAsync(capacity: capacity, visibility: visibility, requiresApproval: requiresApproval, start: start, end: end);
        await staff.StepAsync(id, "publish");
        await staff.StepAsync(id, "registration/open");
        return id;
    }

    public static async Task<JsonElement> StepAsync(this HttpClient staff, Guid meeting, string step)
    {
        var response = await staff.PostAsync($"/api/meetings/{meeting}/{step}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<JsonElement>();
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, Guid meeting, Guid? personId = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/registrations", new { personId });

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<JsonElement>();
    }

    /// <summary>A member account linked to a new person of the directory: signed in, with the person's id.</summary>
    public static Task<(HttpClient Client, Guid Person)> SignInAsLinkedMemberAsync(this PlatformFixture platform, string given = "Mia", string family = "Member") =>
        platform.SignInAsLinkedAsync("member", given, family);

    /// <summary>An account with <paramref name="role"/> linked to a new person of the directory: signed in, with the person's id.</summary>
    public static async Task<(HttpClient Client, Guid Person)> SignInAsLinkedAsync(this PlatformFixture platform, string role, string given, string family)
    {
        var person = await platform.Client.RegisterPersonAsync(given, family);
        var userName = $"member-{Guid.NewGuid():N}@example.org";
        var account = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = $"{given} {family}", roles = new[] { role }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>();
        var linked = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account",
            new { accountId = account.GetProperty("account").GetProperty("id").GetGuid() });
        linked.EnsureSuccessStatusCode();
        var client = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(client, userName, "a-long-enough-password");
        return (client, person);
    }
}
