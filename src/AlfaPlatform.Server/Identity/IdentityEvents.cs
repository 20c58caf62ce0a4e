using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using AlfaPlatform.Server.Infrastructure.Security;

namespace AlfaPlatform.Server.Identity;

// Accounts and API clients are documents (their current state), and every change to them is also an event on a
// stream of their own, stamped like any other, so the audit trail shows who granted which access and when.
// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

public sealed record AccountOpened(Guid AccountId, string UserName, IReadOnlyList<string> Roles, Guid? PartnerOrganisationId);

public sealed record AccountDeactivated(Guid AccountId);

public sealed record PasswordChanged(Guid AccountId);

public sealed record ApiClientIssued(string ClientId, string Name, Guid PartnerOrganisationId);

public sealed record ApiClientRevoked(string ClientId);

internal static class IdentityAudit
{
    public static readonly Type[] EventTypes =
        [typeof(AccountOpened), typeof(AccountDeactivated), typeof(PasswordChanged), typeof(ApiClientIssued), typeof(ApiClientRevoked)];

    /// <summary>
    /// Records <paramref name="change"/> on the subject's stream, and the request's Idempotency-Key with it, in the
    /// session's own transaction.
    /// </summary>
    public static void Record(this IDocumentSession session, Guid stream, object change)
    {
        var context = CommandContext.Current();
        session.Stamp(context);
        session.Events.Append(stream, change);
        IdempotentWrites.Record(session, context, stream, version: 0, DateTimeOffset.UtcNow);
    }

    /// <summary>An API client's audit stream: the id inside its client id ("partner-{guid}").</summary>
    public static Guid StreamOf(ApiClient client) => Guid.Parse(client.Id["partner-".Length..]);
}
