using AlfaPlatform.Client;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace AlfaPlatform.Client.Tests;

/// <summary>
/// The Kiota client generated from docs/openapi/v1.json, signed in as one account, set up as an integrator would: the
/// default Kiota HTTP pipeline, a bearer token, and the platform's address (the document names no server).
/// </summary>
internal sealed class GeneratedClient : IDisposable
{
    private readonly HttpClient _http;

    private GeneratedClient(HttpClient http, AlfaPlatformClient api)
    {
        _http = http;
        Api = api;
    }

    public AlfaPlatformClient Api { get; }

    public static async Task<GeneratedClient> SignInAsync(PlatformFixture platform, string userName, string password)
    {
        var address = platform.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // Hand-written on purpose: the token endpoint is OAuth 2.0's /connect/token (form-encoded), which the document
        // describes as its security scheme's token URL, not as an operation; Kiota leaves getting a token to the
        // authentication provider, as every OAuth client library does. Everything after it goes through the client.
        using var signIn = PlatformFixture.CreateClient(platform.App);
        var token = await Accounts.TokenAsync(signIn, userName, password);

        var http = KiotaClientFactory.Create();
        var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new SignedIn(token)), httpClient: http)
        {
            BaseUrl = address.TrimEnd('/'),
        };
        return new GeneratedClient(http, new AlfaPlatformClient(adapter));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The token of the account signed in, for the platform's own address only.</summary>
    private sealed class SignedIn(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
