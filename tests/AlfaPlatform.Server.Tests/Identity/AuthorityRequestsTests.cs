using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>The authority (OpenIddict's server) is asked to handle only the requests under its endpoints' paths: those keep working.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuthorityRequestsTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/api/organisations", false)]
    [InlineData("/connect/token", true)]
    [InlineData("/.well-known/jwks", true)]
    public async Task the_authentication_middleware_asks_the_authority_only_under_its_paths(string path, bool asked)
    {
        var services = platform.App.Services;
        var requests = services.GetRequiredService<IHttpContextAccessor>();
        requests.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        try
        {
            var schemes = await services.GetRequiredService<IAuthenticationSchemeProvider>().GetRequestHandlerSchemesAsync();
            Assert.Equal(asked, schemes.Any(s => s.Name == OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
        }
        finally
        {
            requests.HttpContext = null;
        }
    }

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
