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
}
