using Marten;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Whether a token's subject may still act: its API client not revoked, its account not deactivated. Looked up on
/// every request, without a cache, so a revocation holds on every node at once. External subjects are the
/// provider's to revoke.
/// </summary>
public sealed class TokenSubjects(IQuerySession session)
{
    private const string SubjectPrefix = "client:";

    public static string OfClient(string clientId) => SubjectPrefix + clientId;

    public static string? ClientIdOf(string subject) =>
        subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subject[SubjectPrefix.Length..] : null;

    public async Task<bool> MayActAsync(string subject, CancellationToken cancellationToken) =>
        ClientIdOf(subject) is { } clientId
            ? await session.LoadAsync<ApiClient>(clientId, cancellationToken) is { IsActive: true }
            : !Guid.TryParse(subject, out var accountId) || await session.LoadAsync<Account>(accountId, cancellationToken) is { IsActive: true };
}
