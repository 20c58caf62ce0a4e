using System.Globalization;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>A refusal to try again before <see cref="RetryAfter"/> (a locked account): 429 with a Retry-After header.</summary>
public class TooManyAttemptsException(TimeSpan retryAfter, string message) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>When to try again, in whole seconds rounded up (at least one).</summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
}
