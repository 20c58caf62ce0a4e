using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>
/// The platform as Program.cs builds it (<see cref="PlatformApp"/>), hosted in this process on a loopback Kestrel port
/// over the benchmark's database, and a client signed in as its first staff account the way a deployment's first
/// staff member does (the one-time password changed on the first sign-in).
/// </summary>
internal static class PlatformUnderTest
{
    public static async Task<WebApplication> StartAsync(string connectionString, string oneTimePassword, CancellationToken cancellationToken)
    {
        string FreePort() => LocalPostgresCluster.FreePort().ToString(CultureInfo.InvariantCulture);
        var app = await PlatformApp.CreateAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{PostgresProvisioning.ConnectionStringName}"] = connectionString,
                ["Platform:Seed"] = "true", // the OPALE network, as a deployment starts: search (S1) is measured over it
                ["Orleans:AdvertisedAddress"] = "127.0.0.1",
                ["Orleans:SiloPort"] = FreePort(),
                ["Orleans:GatewayPort"] = FreePort(),
                ["Logging:LogLevel:Default"] = "Error", // the table stays readable; anything going wrong still shows
                ["Authentication:KeysPath"] = ThrowawayClusters.NewFolder(),
                ["Authentication:FirstStaffPassword"] = oneTimePassword,
                ["Authentication:RequireHttps"] = "false", // plain HTTP on loopback
                // The figures measure the platform's work, not its limits per caller.
                ["RateLimits:SignedIn"] = "1000000",
                ["RateLimits:SignIn"] = "1000000",
            });
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>One client, pooled connections, no timeout a long import could hit: each figure bounds its own wait.</summary>
    public static HttpClient CreateClient(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri(address),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>
    /// Signs <paramref name="client"/> in as the first staff account, choosing its own password first; returns a sign-in
    /// that can be made again: a token lasts an hour, and a run over a million events lasts longer.
    /// </summary>
    public static async Task<Func<CancellationToken, Task>> SignInAsStaffAsync(HttpClient client, string oneTimePassword, CancellationToken cancellationToken)
    {
        await SignInAsync(client, FirstStaffAccount.UserName, oneTimePassword, cancellationToken);
        var chosen = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var changed = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = oneTimePassword, newPassword = chosen }, cancellationToken);
        await EnsureSuccessAsync(changed, "Changing the first staff account's one-time password", cancellationToken);
        await SignInAsync(client, FirstStaffAccount.UserName, chosen, cancellationToken); // the change ended the first token
        return again => SignInAsync(client, FirstStaffAccount.UserName, chosen, again);
    }

    private static async Task SignInAsync(HttpClient client, string userName, string password, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = userName,
            ["password"] = password,
        }), cancellationToken);
        await EnsureSuccessAsync(response, $"Signing in as {userName}", cancellationToken);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Throws with the answer's body when it is not a success: a figure is never taken over failed requests.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
