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
/// signed in under its current session stamp. Asked on every API request, every web request and, while a web page
/// is open, at every revalidation of its circuit. Answered from what the node knows (<see cref="SubjectStandings"/>)
/// when it heard of no change since, else read from the database: a revocation holds at once on the node that made
/// it, and on every other node as soon as PostgreSQL delivers its notification. External subjects are the provider's
/// to revoke.
/// </summary>
public sealed class TokenSubjects(IDocumentStore store, SubjectStandings standings)
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
            var client = await KnownAsync(SubjectStandings.ClientKey(clientId), clientId, static async (session, id, cancellationToken) =>
                await session.LoadAsync<ApiClient>(id, cancellationToken) is { } found ? new KnownSubject(found.IsActive, null, false) : default,
                cancellationToken);
            return client.IsActive ? SubjectStanding.Active : SubjectStanding.Ended;
        }

        if (!Guid.TryParse(subject, out var accountId))
        {
            return SubjectStanding.Active;
        }

        var account = await KnownAsync(SubjectStandings.AccountKey(accountId), accountId, static async (session, id, cancellationToken) =>
            await session.LoadAsync<Account>(id, cancellationToken) is { } found
                ? new KnownSubject(found.IsActive, found.SessionStamp, found.MustChangePassword)
                : default,
            cancellationToken);
        return !account.IsActive || account.SessionStamp != user.FindFirstValue(PlatformClaims.SessionStamp) ? SubjectStanding.Ended
            : account.MustChangePassword ? SubjectStanding.PasswordChangeRequired
            : SubjectStanding.Active;
    }

    /// <summary>What the node knows of the subject, else what the database says (kept, unless a change overtook the read).</summary>
    /// <remarks>The read is a static function of its id: a request answered from memory allocates nothing for it.</remarks>
    private async ValueTask<KnownSubject> KnownAsync<TId>(
        string key, TId id, Func<IQuerySession, TId, CancellationToken, Task<KnownSubject>> read, CancellationToken cancellationToken)
    {
        if (standings.TryGet(key, out var known))
        {
            return known;
        }

        // A session only on a miss: most requests are answered from memory, and most commands read nothing else.
        var generation = standings.Generation;
        await using var session = store.QuerySession();
        var found = await read(session, id, cancellationToken);
        standings.Keep(key, found, generation);
        return found;
    }
}
