using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;

namespace AlfaPlatform.Server.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class HardeningTests(PlatformFixture platform)
{
    [Fact]
    public async Task answers_carry_security_headers()
    {
        var response = await platform.Client.GetAsync("/api/organisations");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task cross_origin_requests_are_not_allowed_unless_configured()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/organisations");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await platform.Anonymous.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task an_oversized_body_is_refused_with_413_and_appends_nothing()
    {
        var before = await platform.CountEventsAsync();
        var huge = new string('x', 2 * 1024 * 1024);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/organisations")
        {
            Content = new StringContent($$"""{"name": "{{huge}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        // Let the server refuse on the headers, before the body is sent: no race with a connection it closes.
        request.Headers.ExpectContinue = true;

        var response = await platform.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }
}

/// <summary>With its own platform, configured with small budgets, so the shared fixture's tests are never throttled.</summary>
public sealed class RateLimitTests : OwnDatabaseTests
{
    private Task<WebApplication> StartThrottledAsync() =>
        StartAsync(settings: new() { ["RateLimits:SignIn"] = "3", ["RateLimits:Anonymous"] = "5" });

    [Fact]
    public async Task repeated_sign_in_attempts_are_throttled_with_429()
    {
        using var client = PlatformFixture.CreateClient(await StartThrottledAsync());
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["username"] = "admin", ["password"] = $"guess-{attempt}",
            }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], statuses.Take(3));
        Assert.All(statuses.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task guessing_the_current_password_through_a_stolen_token_is_throttled_too()
    {
        // Five a minute: the first staff account's first sign-in takes three (sign in with the one-time password,
        // change it, sign in again), which leaves two guesses before the limit.
        using var client = await PlatformFixture.CreateClientAsync(await StartAsync(settings: new() { ["RateLimits:SignIn"] = "5" }));

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add((await client.SendJsonAsync(HttpMethod.Post, "/api/me/password",
                new { currentPassword = $"guess-{attempt}", newPassword = "a-new-long-password" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict], statuses.Take(2));
        Assert.All(statuses.Skip(2), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task anonymous_callers_are_throttled_but_health_checks_never_are()
    {
        using var client = PlatformFixture.CreateClient(await StartThrottledAsync());

        var api = new List<HttpStatusCode>();
        for (var call = 0; call < 7; call++)
        {
            api.Add((await client.GetAsync("/api/organisations")).StatusCode);
        }

        var health = await client.GetAsync("/health/live");

        Assert.Contains(HttpStatusCode.TooManyRequests, api);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
