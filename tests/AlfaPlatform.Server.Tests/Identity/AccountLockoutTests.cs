using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>
/// Failed passwords are counted per account as well as per address: guesses spread over many addresses still lock the
/// account. Behind a trusted proxy (the test's loopback address is configured as one) the caller's address is the one
/// in X-Forwarded-For, which is how each attempt here comes from an address of its own.
/// </summary>
public sealed partial class AccountLockoutTests : OwnDatabaseTests
{
    private const string Password = "a-long-enough-password";
    private static int _address;

    private Task<WebApplication> StartLockingAsync() => StartAsync(settings: new()
    {
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["RateLimits:SignIn"] = "4", // per address: the sign-ins from loopback (staff: one-time password, change, own; a member) and one attempt from each other address never reach it
        ["RateLimits:FailedSignInsPerAccount"] = "3",
        ["RateLimits:AccountLockout"] = "00:15:00",
    });

    [Fact]
    public async Task failures_from_many_addresses_lock_the_account_even_for_its_right_password_until_the_lockout_ends()
    {
        var app = await StartLockingAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var userName = await OpenAccountAsync(staff);
        using var anonymous = PlatformFixture.CreateClient(app);

        var failures = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            failures.Add((await TokenAsync(anonymous, userName, $"guess-{attempt}")).StatusCode);
        }

        var locked = await TokenAsync(anonymous, userName, Password);
        var stillLocked = await TokenAsync(anonymous, userName.ToUpperInvariant(), Password);

        Assert.All(failures, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        app.Services.GetRequiredService<PlatformClock>().Advance(TimeSpan.FromMinutes(16));

        var afterLockout = await TokenAsync(anonymous, userName, Password);
        Assert.Equal(HttpStatusCode.OK, afterLockout.StatusCode);
    }

    [Fact]
    public async Task an_unknown_user_name_is_locked_alike_so_the_lockout_reveals_no_account()
    {
        var app = await StartLockingAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var known = await OpenAccountAsync(staff);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        using var anonymous = PlatformFixture.CreateClient(app);

        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        foreach (var userName in new[] { known, unknown })
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                await TokenAsync(anonymous, userName, $"guess-{attempt}");
            }

            var refused = await TokenAsync(anonymous, userName, $"guess-{userName}");
            answers.Add((refused.StatusCode, refused.Headers.RetryAfter?.Delta?.TotalMinutes.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                Without(await refused.Content.ReadAsStringAsync(), "traceId", "correlationId")));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[0].Status);
        Assert.Equal(answers[0], answers[1]);
    }

    [Fact]
    public async Task the_web_sign_in_refuses_a_locked_account_with_the_right_password_too()
    {
        var app = await StartLockingAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var userName = await OpenAccountAsync(staff);
        using var anonymous = PlatformFixture.CreateClient(app);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await TokenAsync(anonymous, userName, $"guess-{attempt}");
        }

        var baseAddress = anonymous.BaseAddress!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        var form = await browser.GetStringAsync("/signin");
        var antiforgery = AntiforgeryField().Match(form).Groups["token"].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/web/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = userName, ["password"] = Password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = antiforgery,
            }),
        };
        post.Headers.Add("X-Forwarded-For", NextAddress());

        var answer = await browser.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/signin?locked=true", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("alfa.web=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task wrong_current_passwords_through_a_signed_in_session_count_too_and_a_locked_account_cannot_change_its_password()
    {
        var app = await StartLockingAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var userName = await OpenAccountAsync(staff);
        using var session = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(session, userName, Password);

        var guesses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            guesses.Add((await ChangePasswordAsync(session, $"guess-{attempt}")).StatusCode);
        }

        var withTheRightOne = await ChangePasswordAsync(session, Password);
        var signIn = await TokenAsync(session, userName, Password);

        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.Conflict, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, withTheRightOne.StatusCode);
        Assert.NotNull(withTheRightOne.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, signIn.StatusCode);
    }

    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/password")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { currentPassword = current, newPassword = "another-long-enough-password" }),
        };
        request.Headers.Add("X-Forwarded-For", NextAddress());
        return await client.SendAsync(request);
    }

    private static async Task<string> OpenAccountAsync(HttpClient staff)
    {
        var userName = $"locked-{Guid.NewGuid():N}@example.org";
        await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "Lou Locked", roles = new[] { "member" }, password = Password })
            .ExpectAsync(HttpStatusCode.Created);
        return userName;
    }

    /// <summary>One password attempt, each from a client address never used before.</summary>
    private static async Task<HttpResponseMessage> TokenAsync(HttpClient client, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = userName, ["password"] = password }),
        };
        request.Headers.Add("X-Forwarded-For", NextAddress());
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string NextAddress()
    {
        var n = Interlocked.Increment(ref _address);
        return $"198.51.{n / 250}.{(n % 250) + 1}";
    }

    private static string Without(string json, params string[] fields)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var field in fields)
        {
            node.Remove(field);
        }

        return node.ToJsonString();
    }

    [GeneratedRegex("__RequestVerificationToken\"[^>]*?value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
