using System.Globalization;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.Net.Http.Headers;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>A record's stream version is its ETag; a write may state the version it saw with If-Match.</summary>
public static class Versioning
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// The version in If-Match, read as RFC 9110 says: null when absent or "*"; one strong entity-tag such as "7"
    /// names the version the caller saw. A weak tag (W/"7") never matches, since If-Match compares strongly (412); an
    /// unquoted or unbalanced tag, or a list of several, is malformed (400).
    /// </summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        if (header.StartsWith("W/", StringComparison.Ordinal) && IsQuoted(header.AsSpan(2)))
        {
            throw new WeakETagException();
        }

        return IsQuoted(header) && long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw RequestValidationException.For("If-Match", "If-Match must hold the record's ETag as it was sent, quotes included, such as \"3\".");
    }

    /// <summary>
    /// Endpoint metadata: a change to a versioned record that does not read If-Match (it adds to the record whatever
    /// its version), so the OpenAPI document does not offer it (<see cref="OpenApiStatuses"/>).
    /// </summary>
    public sealed class IgnoresIfMatch;

    /// <summary>One entity-tag: a quoted string with no quote inside.</summary>
    private static bool IsQuoted(ReadOnlySpan<char> tag) =>
        tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"' && !tag[1..^1].Contains('"');
}

/// <summary>If-Match named a weak ETag, which never matches under the strong comparison If-Match uses (412).</summary>
public sealed class WeakETagException()
    : Exception("If-Match compares ETags strongly: a weak ETag (W/\"…\") never matches. Send the record's ETag as it was sent.");
