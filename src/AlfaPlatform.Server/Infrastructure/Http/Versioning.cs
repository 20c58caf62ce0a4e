using System.Globalization;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.Net.Http.Headers;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>A record's stream version is its ETag; a write may state the version it saw with If-Match.</summary>
public static class Versioning
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>The version in If-Match ("7", W/"7" or 7), null when absent or "*".</summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw RequestValidationException.For("If-Match", "If-Match must hold the ETag of the record, such as \"3\".");
    }
}
