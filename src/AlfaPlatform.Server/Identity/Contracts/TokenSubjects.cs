using System.Security.Claims;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Identity.Contracts;

/// <summary>What a token's or web cookie's subject may do now.</summary>
public enum SubjectStanding
{
    /// <summary>May act.</summary>
    Active,

    /// <summary>Nothing: the API client is revoked, the account deactivated or erased, or its password changed since the sign-in.</summary>
    Ended,

    /// <summary>Only choose a new password: the account's password is a one-time one.</summary>
    PasswordChangeRequired,
}

/// <summary>
/// Whether a token's or web cookie's subject may still act: its API client not revoked, its account active and
/// signed in under its current session stamp. Looked up on every API request, every web request and, while a web page
/// is open, at every revalidation of its circuit, without a cache, so that a revocation holds on every node at once.
/// External subjects are the provider's to revoke.
/// </summary>
public sealed class TokenSubjects(IQuerySession session)
{
    private const string SubjectPrefix = "client:";

    public static string OfClient(string clientId) => SubjectPrefix + clientId;

    public static string? ClientIdOf(string subject) =>
        subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subject[SubjectPrefix.Length..] : null;

    public async Task<SubjectStanding> StandingAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(PlatformClaims.Subject) is not { } subject)
        {
            return SubjectStanding.Ended;
        }

        if (ClientIdOf(subject) is { } clientId)
        {
            return await session.LoadAsync<ApiClient>(clientId, cancellationToken) is { IsActive: true } ? SubjectStanding.Active : SubjectStanding.Ended;
        }

        if (!Guid.TryParse(subject, out var accountId))
        {
            return SubjectStanding.Active;
        }

        var account = await session.LoadAsync<Account>(accountId, cancellationToken);
        return account is not { IsActive: true } || account.SessionStamp != user.FindFirstValue(PlatformClaims.SessionStamp) ? SubjectStanding.Ended
            : account.MustChangePassword ? SubjectStanding.PasswordChangeRequired
            : SubjectStanding.Active;
    }
}
