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

    /// <summary>
    /// The password the first staff account has once its one-time password is changed, as it must be before it can
    /// do anything (<see cref="PlatformFixture.CreateClientAsync"/> changes it on a platform's first sign-in).
    /// </summary>
    public const string StaffPassword = "test-staff-chosen-password";

    /// <summary>The password a person chooses in place of a one-time one (<see cref="ChooseOwnPasswordAsync"/>).</summary>
    public const string ChosenPassword = "a-password-of-my-own";

    public static async Task<string> TokenAsync(HttpClient client, string userName, string password) =>
        await TryTokenAsync(client, userName, password) ?? throw new InvalidOperationException($"{userName} could not sign in.");

    /// <summary>A token, or null when the token endpoint refuses the user name and password.</summary>
    public static async Task<string?> TryTokenAsync(HttpClient client, string userName, string password)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = userName,
            ["password"] = password,
        }));
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// Signs <paramref name="client"/> in with a one-time password, chooses <see cref="ChosenPassword"/> (the only thing
    /// such a token may do), then signs in again with it: the change ended the first token.
    /// </summary>
    public static async Task ChooseOwnPasswordAsync(HttpClient client, string userName, string oneTimePassword, string chosen = ChosenPassword)
    {
        await SignInAsync(client, userName, oneTimePassword);
        var changed = await client.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = oneTimePassword, newPassword = chosen });
        changed.EnsureSuccessStatusCode();
        await SignInAsync(client, userName, chosen);
    }

    public static async Task SignInAsync(HttpClient client, string userName, string password) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, userName, password));

    /// <summary>The status a GET of <paramref name="path"/> gets with <paramref name="token"/> as its bearer.</summary>
    public static async Task<System.Net.HttpStatusCode> StatusWithTokenAsync(HttpClient anonymous, string token, string path = "/api/organisations")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await anonymous.SendAsync(request)).StatusCode;
    }

    /// <summary>Staff open an account with <paramref name="roles"/>; returns a client signed in as it.</summary>
    public static Task<HttpClient> SignInAsNewAccountAsync(WebApplication app, HttpClient staff, string[] roles, Guid? partnerOrganisationId = null) =>
        SignInAsNewAccountAsync(PlatformFixture.CreateClient(app), staff, roles, partnerOrganisationId);

    /// <summary>Staff open an account with <paramref name="roles"/>; <paramref name="client"/>, not signed in yet, signs in as it.</summary>
    public static async Task<HttpClient> SignInAsNewAccountAsync(HttpClient client, HttpClient staff, string[] roles, Guid? partnerOrganisationId = null)
    {
        var userName = $"user-{Guid.NewGuid():N}@example.org";
        const string password = "a-long-enough-password";
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = $"Test {string.Join('+', roles)}", roles, partnerOrganisationId, password,
        });
        created.EnsureSuccessStatusCode();
        await SignInAsync(client, userName, password);
        return client;
    }
}
