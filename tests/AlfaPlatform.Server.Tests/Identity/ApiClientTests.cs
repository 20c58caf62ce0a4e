using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Identity;

[Collection(PlatformCollection.Name)]
public sealed class ApiClientTests(PlatformFixture platform)
{
    private async Task<HttpResponseMessage> ClientCredentialsAsync(string clientId, string secret) =>
        await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        }));

    [Fact]
    public async Task a_partner_system_signs_in_with_its_client_credentials_sees_its_company_only_and_stops_when_revoked()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var other = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var issued = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "LIMS integration", partnerOrganisationId = company.Id }))
            .ReadAsync<JsonElement>();
        var clientId = issued.GetProperty("client").GetProperty("clientId").GetString()!;
        var secret = issued.GetProperty("clientSecret").GetString()!;

        var token = (await (await ClientCredentialsAsync(clientId, secret)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var system = PlatformFixture.CreateClient(platform.App);
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var own = await system.GetAsync($"/api/organisations/{company.Id}");
        var foreign = await system.GetAsync($"/api/organisations/{other.Id}");
        var listed = await (await platform.Client.GetAsync($"/api/api-clients?partnerOrganisationId={company.Id}")).Content.ReadAsStringAsync();
        var wrongSecret = await ClientCredentialsAsync(clientId, secret + "x");

        var revoked = await platform.Client.DeleteAsync($"/api/api-clients/{clientId}");
        var afterRevocation = await system.GetAsync($"/api/organisations/{company.Id}");
        var newToken = await ClientCredentialsAsync(clientId, secret);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Contains(clientId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode); // invalid_client answers 401 (RFC 6749 5.2)
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevocation.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newToken.StatusCode);
    }

    [Fact]
    public async Task an_api_client_is_issued_only_to_a_partner_company()
    {
        var team = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");

        var response = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "x", partnerOrganisationId = team.Id });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_reads_its_own_companys_clients_never_a_secret_nor_another_companys_and_cannot_issue_or_revoke()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var other = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var own = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "LIMS", partnerOrganisationId = company.Id })).ReadAsync<JsonElement>();
        var foreign = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "ERP", partnerOrganisationId = other.Id })).ReadAsync<JsonElement>();
        var ownId = own.GetProperty("client").GetProperty("clientId").GetString()!;
        var foreignId = foreign.GetProperty("client").GetProperty("clientId").GetString()!;
        (await ClientCredentialsAsync(ownId, own.GetProperty("clientSecret").GetString()!)).EnsureSuccessStatusCode();
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);

        var all = await partner.GetAsync("/api/api-clients");
        var asked = await (await partner.GetAsync($"/api/api-clients?partnerOrganisationId={other.Id}")).ReadAsync<JsonElement>();
        var issue = await partner.SendJsonAsync(HttpMethod.Post, "/api/api-clients", new { name = "Mine", partnerOrganisationId = company.Id });
        var revoke = await partner.DeleteAsync($"/api/api-clients/{ownId}");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var text = await all.Content.ReadAsStringAsync();
        var listed = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal((ownId, "LIMS", false), (listed.GetProperty("clientId").GetString(), listed.GetProperty("name").GetString(), listed.GetProperty("revoked").GetBoolean()));
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind); // it got a token above
        Assert.DoesNotContain(own.GetProperty("clientSecret").GetString()!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(foreignId, text, StringComparison.Ordinal);
        Assert.Equal(0, asked.GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        var staffView = await (await platform.Client.GetAsync($"/api/api-clients?partnerOrganisationId={company.Id}")).ReadAsync<JsonElement>();
        Assert.False(Assert.Single(staffView.EnumerateArray()).GetProperty("revoked").GetBoolean()); // the partner's attempt changed nothing
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task members_and_viewers_cannot_list_api_clients(string role)
    {
        using var client = await platform.SignInAsAsync([role]);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/api-clients")).StatusCode);
    }
}
