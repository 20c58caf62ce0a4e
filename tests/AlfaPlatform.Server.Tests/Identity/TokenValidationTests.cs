using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Identity;

[Collection(PlatformCollection.Name)]
public sealed class TokenValidationTests(PlatformFixture platform)
{
    private static readonly Claim[] Staff = [new("sub", "someone"), new("name", "Someone"), new("role", "staff")];

    private Task<HttpStatusCode> CallWith(string token) => Accounts.StatusWithTokenAsync(platform.Anonymous, token);

    [Fact]
    public async Task a_token_from_the_authority_opens_the_api_and_no_token_is_401()
    {
        var token = await Accounts.TokenAsync(platform.Anonymous, "admin", Accounts.StaffPassword);

        Assert.Equal(HttpStatusCode.OK, await CallWith(token));
        var anonymous = await platform.Anonymous.GetAsync("/api/organisations");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task an_expired_token_is_401()
    {
        var expired = TokenMint.Local().Mint(Staff, expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddHours(-1));

        Assert.Equal(HttpStatusCode.OK, await CallWith(TokenMint.Local().Mint(Staff)));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(expired));
    }

    [Fact]
    public async Task a_tampered_token_is_401()
    {
        var token = await Accounts.TokenAsync(platform.Anonymous, "admin", Accounts.StaffPassword);
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlDecode(parts[1]))!;
        payload["name"] = JsonSerializer.SerializeToElement("Someone else");
        var tampered = $"{parts[0]}.{Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(tampered));
    }

    [Fact]
    public async Task a_token_signed_with_another_key_in_our_name_is_401()
    {
        var forged = new TokenMint("http://localhost:5080/", RSA.Create(2048)).Mint(Staff);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(forged));
    }

    [Fact]
    public async Task a_token_from_an_issuer_that_is_not_configured_is_401_even_signed_with_a_trusted_key()
    {
        var stranger = new TokenMint("https://stranger.example.test/", RSA.Create(2048)).Mint(Staff);
        var strangerWithOurKey = TokenMint.Local(issuer: "https://stranger.example.test/").Mint(Staff);
        var externalKeyInOurName = TokenMint.External.WithIssuer("http://localhost:5080/").Mint(Staff);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(stranger));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(strangerWithOurKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(externalKeyInOurName));
    }

    [Theory]
    [InlineData("aaaa.bbbb.cccc")]
    [InlineData("a.b.c.d.e")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90anNvbg.c2ln")]
    [InlineData("not-a-token")]
    public async Task a_malformed_token_is_401_and_public_endpoints_still_answer(string token)
    {
        using var health = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        health.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(token));
        Assert.Equal(HttpStatusCode.OK, (await platform.Anonymous.SendAsync(health)).StatusCode);
    }

    [Fact]
    public async Task a_token_that_is_not_an_access_token_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(TokenMint.Local(tokenType: "JWT").Mint(Staff)));
    }

    [Fact]
    public async Task an_external_token_for_another_audience_or_without_a_subject_is_401()
    {
        var otherAudience = TokenMint.ExternalForAnotherAudience.Mint([new("sub", "kc-1"), new("groups", "opale-office")]);
        var noSubject = TokenMint.External.Mint([new("groups", "opale-office")]);

        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(otherAudience));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(noSubject));
    }

    [Fact]
    public async Task an_external_partner_whose_token_names_no_organisation_sees_nothing()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var token = TokenMint.External.Mint([new("sub", "kc-partner"), new("groups", "acme-partner")]);
        using var partner = PlatformFixture.CreateClient(platform.App);
        partner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var directory = await (await partner.GetAsync("/api/organisations?pageSize=200")).ReadAsync<JsonElement>();
        var record = await partner.GetAsync($"/api/organisations/{organisation.Id}");

        Assert.Equal(0, directory.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
    }


    [Fact]
    public async Task a_token_from_the_configured_external_provider_is_accepted_and_its_claims_mapped()
    {
        var token = TokenMint.External.Mint([new("sub", "kc-1234"), new("preferred_username", "Dr Jeanne Martin"), new("groups", "opale-office"), new("groups", "unrelated")]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var me = await (await platform.Anonymous.SendAsync(request)).ReadAsync<JsonElement>();

        Assert.Equal("ext:kc-1234", me.GetProperty("id").GetString());
        Assert.Equal("Dr Jeanne Martin", me.GetProperty("name").GetString());
        Assert.Equal("staff", me.GetProperty("actingRole").GetString());
    }

    [Fact]
    public async Task an_external_token_whose_roles_map_to_none_of_ours_is_403()
    {
        var token = TokenMint.External.Mint([new("sub", "kc-5678"), new("groups", "somewhere-else")]);

        Assert.Equal(HttpStatusCode.Forbidden, await CallWith(token));
    }

    [Fact]
    public async Task a_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var response = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "admin", ["password"] = "not-the-password",
        }));
        var unknown = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "nobody@example.org", ["password"] = "not-the-password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.Equal(error.GetProperty("error_description").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task a_refused_sign_in_is_logged_with_the_user_name_but_never_the_password_nor_tokens()
    {
        var password = $"secret-{Guid.NewGuid():N}";
        var userName = $"probe-{Guid.NewGuid():N}@example.org";
        await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = userName, ["password"] = password,
        }));
        var token = await Accounts.TokenAsync(platform.Anonymous, "admin", Accounts.StaffPassword);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/organisations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await platform.Anonymous.SendAsync(request);

        var lines = platform.Logs.Lines;
        Assert.Contains(lines, line => line.Contains(userName, StringComparison.Ordinal) && line.Contains("refused", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(Accounts.FirstStaffPassword, StringComparison.Ordinal)
            || line.Contains(Accounts.StaffPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_deactivated_account_can_neither_sign_in_nor_use_the_tokens_it_has()
    {
        var userName = $"leaving-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Leaving", roles = new[] { "member" }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>();
        var token = await Accounts.TokenAsync(platform.Anonymous, userName, "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, await CallWith(token));

        var deactivated = await platform.Client.PostAsync($"/api/accounts/{created.GetProperty("account").GetProperty("id").GetGuid()}/deactivate", null);
        var again = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = userName, ["password"] = "a-long-enough-password",
        }));

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWith(token));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    private static byte[] Base64UrlDecode(string value) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(value);

    private static string Base64UrlEncode(byte[] value) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(value);
}
