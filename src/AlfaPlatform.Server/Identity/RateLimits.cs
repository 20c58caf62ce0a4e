using System.Security.Claims;
using System.Threading.RateLimiting;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Requests per minute and caller: signed-in network roles get the most, partners fewer, anonymous callers (per
/// address) fewest; sign-in attempts have their own, strict, per-address budget, and failed passwords a per-account
/// one (<see cref="AccountLockout"/>). Limits come from "RateLimits".
/// </summary>
public static class RateLimits
{
    public const string SignInPolicy = "sign-in";

    public static void Configure(RateLimiterOptions options, IConfiguration configuration)
    {
        var limits = configuration.GetSection("RateLimits");
        int PerMinute(string key, int fallback) => limits.GetValue(key, fallback);
        // Read once: the global limiter picks a partition for every request, and the host's configuration takes a
        // lock on each read.
        var anonymous = PerMinute("Anonymous", 120);
        var partner = PerMinute("Partner", 300);
        var signedIn = PerMinute("SignedIn", 1200);
        var signIn = PerMinute("SignIn", 20);

        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "Too many requests: try again in a minute." },
            });
        };

        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var user = context.User;
            var (key, permits) = Roles.ActingRole(user) switch
            {
                null => ($"address:{context.Connection.RemoteIpAddress}", anonymous),
                Roles.Partner => ($"caller:{user.FindFirstValue(PlatformClaims.Subject)}", partner),
                _ => ($"caller:{user.FindFirstValue(PlatformClaims.Subject)}", signedIn),
            };
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => PerMinuteWindow(permits));
        });

        options.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            $"sign-in:{context.Connection.RemoteIpAddress}",
            _ => PerMinuteWindow(signIn)));
    }

    /// <summary>The answer to a locked user name: 429, and when to try again (whole seconds, rounded up).</summary>
    public static IResult TooManyFailures(HttpResponse response, TimeSpan wait)
    {
        RetryAfter(response, wait);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: SignIn.LockedDescription);
    }

    public static void RetryAfter(HttpResponse response, TimeSpan wait) => TooManyAttemptsException.WriteRetryAfter(response, wait);

        private static FixedWindowRateLimiterOptions PerMinuteWindow(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
