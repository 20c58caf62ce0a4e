using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>The authority (OpenIddict's server) is asked to handle only the requests under its endpoints' paths: those keep working.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuthorityRequestsTests(PlatformFixture platform)
{
    [Fact]
    public void every_endpoint_of_the_authority_is_under_the_paths_it_is_asked_for()
    {
        var options = platform.App.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;
        var endpoints = typeof(OpenIddictServerOptions).GetProperties()
            .Where(p => p.Name.EndsWith("EndpointUris", StringComparison.Ordinal) && p.PropertyType == typeof(List<Uri>))
            .SelectMany(p => (List<Uri>)p.GetValue(options)!)
            .Select(uri => uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString.TrimStart('/'))
            .ToList();

        Assert.Contains("/connect/token", endpoints);
        Assert.All(endpoints, path => Assert.True(AuthorityRequestSchemes.IsForTheAuthority(path), $"{path} is not under the authority's paths"));
    }

    [Fact]
    public async Task the_discovery_document_and_the_token_endpoint_answer_and_other_paths_are_not_the_authority_s()
    {
        var discovery = await platform.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        Assert.EndsWith("/connect/token", discovery.GetProperty("token_endpoint").GetString());

        Assert.False(string.IsNullOrEmpty(await Accounts.TokenAsync(platform.Anonymous, "admin", Accounts.StaffPassword)));
        Assert.False(AuthorityRequestSchemes.IsForTheAuthority("/api/organisations"));
        Assert.False(AuthorityRequestSchemes.IsForTheAuthority("/connector"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/organisations")).StatusCode);
    }
}
