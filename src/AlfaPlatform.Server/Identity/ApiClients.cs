using Marten;

namespace AlfaPlatform.Server.Identity;

/// <summary>Looks up API clients for token validation; no cache, so a revocation holds on every node at once.</summary>
public sealed class ApiClients(IQuerySession session)
{
    private const string SubjectPrefix = "client:";

    public static string SubjectOf(string clientId) => SubjectPrefix + clientId;

    public static string? IdOf(string subject) =>
        subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) ? subject[SubjectPrefix.Length..] : null;

    public async Task<bool> IsActiveAsync(string clientId, CancellationToken cancellationToken) =>
        await session.LoadAsync<ApiClient>(clientId, cancellationToken) is { IsActive: true };
}
