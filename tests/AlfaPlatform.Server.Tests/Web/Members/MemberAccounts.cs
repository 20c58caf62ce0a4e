using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Web.Members;

/// <summary>Members of the browser tests: people of the directory whose member account staff linked to them.</summary>
internal static class MemberAccounts
{
    /// <summary>A new person with a unique family name (found alone by a name search).</summary>
    public static async Task<(Guid Id, string FamilyName)> PersonAsync(this WebAppFixture web, string given, string family)
    {
        var unique = $"{family}{Guid.NewGuid().ToString("N")[..6]}";
        return (await web.Platform.Client.RegisterPersonAsync(given, unique), unique);
    }

    /// <summary>A member account linked to <paramref name="person"/>: its user name, signed in with <see cref="WebAppFixture.Password"/>.</summary>
    public static async Task<string> MemberAccountOfAsync(this WebAppFixture web, Guid person)
    {
        var staff = web.Platform.Client;
        var userName = $"member-{Guid.NewGuid():N}@example.org";
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Test member", roles = new[] { "member" }, password = WebAppFixture.Password,
        }).ExpectAsync(HttpStatusCode.Created);
        var account = (await created.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account", new { accountId = account }).ExpectAsync(HttpStatusCode.OK);
        return userName;
    }
}
