using System.Collections.Concurrent;
using System.Security.Claims;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Our own access tokens this node has validated (signature, issuer, type, lifetime), kept until they expire, so that
/// a client's next request with the same token skips the signature check: an RSA verification, about a seventh of an
/// API request's CPU under load. Only the token's validity is kept. Whether its subject may still act (revoked,
/// deactivated, password changed) is looked up on every request all the same.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>Tokens kept at most: a bound on memory whatever the number of clients.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The principal of <paramref name="token"/> when this node validated it and it has not expired since; a copy of its own.</summary>
    public ClaimsPrincipal? Find(string token)
    {
        if (!_tokens.TryGetValue(token, out var kept))
        {
            return null;
        }

        if (clock.GetUtcNow() < kept.Until)
        {
            return kept.Principal.Clone();
        }

        _tokens.TryRemove(token, out _);
        return null;
    }

    /// <summary>Keeps a token that has just passed every check, until <paramref name="until"/> (its expiry, without the clock skew allowed).</summary>
    public void Keep(string token, ClaimsPrincipal principal, DateTimeOffset until)
    {
        if (_tokens.Count >= Capacity)
        {
            var now = clock.GetUtcNow();
            foreach (var (expired, _) in _tokens.Where(t => t.Value.Until <= now))
            {
                _tokens.TryRemove(expired, out _);
            }

            if (_tokens.Count >= Capacity)
            {
                _tokens.Clear(); // still full of live tokens: they are validated once more, and kept again
            }
        }

        _tokens[token] = (principal.Clone(), until);
    }

    /// <summary>The bearer token of a request's Authorization header, if it has one.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
