using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;

namespace AlfaPlatform.Server.Identity;

// Accounts and API clients are documents (their current state), and every change to them is also an event on a
// stream of their own, stamped like any other, so the audit trail shows who granted which access and when.
// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>
/// Every event of an account's or API client's audit stream derives from this base, and <see cref="IdentityAudit.EventTypes"/>
/// is derived from it: a new event is registered with Marten by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record IdentityEvent;

public sealed record AccountOpened(Guid AccountId, string UserName, IReadOnlyList<string> Roles, Guid? PartnerOrganisationId) : IdentityEvent;

public sealed record AccountDeactivated(Guid AccountId) : IdentityEvent;

public sealed record PasswordChanged(Guid AccountId) : IdentityEvent;

public sealed record ApiClientIssued(string ClientId, string Name, Guid PartnerOrganisationId) : IdentityEvent;

public sealed record ApiClientRevoked(string ClientId) : IdentityEvent;

internal static class IdentityAudit
{
    public static readonly IReadOnlySet<Type> EventTypes = DomainEvents.Of<IdentityEvent>();

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
