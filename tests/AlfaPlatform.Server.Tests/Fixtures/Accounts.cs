using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>Signing in the way a client does: an account, then a token from /connect/token.</summary>
public static class Accounts
{
    /// <summary>The test runs' first staff password (configured, as a deployment may; never a product default).</summary>
    public const string FirstStaffPassword = "test-first-staff-password";

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = userName,
            ["password"] = password,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public static async Task SignInAsync(HttpClient client, string userName, string password) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, userName, password));

    /// <summary>Staff open an account with <paramref name="roles"/>; returns a client signed in as it.</summary>
    public static async Task<HttpClient> SignInAsNewAccountAsync(WebApplication app, HttpClient staff, string[] roles, Guid? partnerOrganisationId = null)
    {
        var userName = $"user-{Guid.NewGuid():N}@example.org";
        const string password = "a-long-enough-password";
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = $"Test {string.Join('+', roles)}", roles, partnerOrganisationId, password,
        });
        created.EnsureSuccessStatusCode();
        var client = PlatformFixture.CreateClient(app);
        await SignInAsync(client, userName, password);
        return client;
    }
}
