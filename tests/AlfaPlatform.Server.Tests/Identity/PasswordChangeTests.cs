using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>A password change ends the account's sessions; a one-time password opens nothing but choosing one's own.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PasswordChangeTests(PlatformFixture platform)
{
    private Task<HttpStatusCode> CallWith(string token, string path = "/api/organisations") => Accounts.StatusWithTokenAsync(platform.Anonymous, token, path);

    [Fact]
    public async Task a_password_change_ends_every_token_of_the_account_issued_before_it()
    {
        var userName = $"changing-{Guid.NewGuid():N}@example.org";
        (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Changing", roles = new[] { "member" }, password = "a-long-enough-password",
        })).EnsureSuccessStatusCode();
        var onTheLaptop = await Accounts.TokenAsync(platform.Anonymous, userName, "a-long-enough-password");
        using var onThePhone = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(onThePhone, userName, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, await CallWith(onTheLaptop));

        var changed = await onThePhone.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = "a-long-enough-password", newPassword = "another-long-password" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(onTheLaptop));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onThePhone.GetAsync("/api/organisations")).StatusCode); // its own too: sign in again
        Assert.Null(await Accounts.TryTokenAsync(platform.Anonymous, userName, "a-long-enough-password"));
        Assert.Equal(HttpStatusCode.OK, await CallWith(await Accounts.TokenAsync(platform.Anonymous, userName, "another-long-password")));
    }

    [Fact]
    public async Task a_one_time_password_opens_only_reading_me_and_choosing_a_password()
    {
        var userName = $"new-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "New", roles = new[] { "staff" },
        })).ReadAsync<JsonElement>();
        var oneTime = created.GetProperty("oneTimePassword").GetString()!;
        var accountId = created.GetProperty("account").GetProperty("id").GetGuid();
        Assert.True(created.GetProperty("account").GetProperty("mustChangePassword").GetBoolean());
        using var person = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(person, userName, oneTime);

        var me = await person.GetAsync("/api/me");
        var reading = await person.GetAsync("/api/organisations");
        var writing = await person.SendJsonAsync(HttpMethod.Post, "/api/organisations", new { name = "Should not exist", acronym = "SNE", kind = "ResearchTeam" });
        var staffOnly = await person.GetAsync("/api/accounts");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        foreach (var refused in new[] { reading, writing, staffOnly })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("password_change_required", (await refused.ProblemAsync()).GetProperty("code").GetString());
        }

        var changed = await person.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = oneTime, newPassword = Accounts.ChosenPassword });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.False((await changed.ReadAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
        await Accounts.SignInAsync(person, userName, Accounts.ChosenPassword);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/accounts")).StatusCode);
        var listed = await (await platform.Client.GetAsync("/api/accounts")).ReadAsync<JsonElement>();
        Assert.False(listed.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == accountId).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task a_token_of_an_account_that_still_has_a_one_time_password_cannot_read_the_directory_either()
    {
        // A partner contact opened by staff: the one-time password is the company's first key; it opens nothing yet.
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var userName = $"contact-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Contact", roles = new[] { "partner" }, partnerOrganisationId = company.Id,
        })).ReadAsync<JsonElement>();
        var token = await Accounts.TokenAsync(platform.Anonymous, userName, created.GetProperty("oneTimePassword").GetString()!);

        Assert.Equal(HttpStatusCode.Forbidden, await CallWith(token, $"/api/organisations/{company.Id}"));
        Assert.Equal(HttpStatusCode.OK, await CallWith(token, "/api/me"));
    }
}
