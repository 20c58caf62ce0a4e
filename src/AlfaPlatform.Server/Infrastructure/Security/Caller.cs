using AlfaPlatform.Server.Infrastructure.Messaging;

namespace AlfaPlatform.Server.Infrastructure.Security;

/// <summary>
/// Who is behind the current request (scoped): filled from the signed-in user's token for HTTP requests; background
/// work such as seeding acts as the system.
/// </summary>
public sealed class Caller
{
    /// <summary>The account id, "client:{id}" for an API client, the external subject, or "anonymous"/"system".</summary>
    public string ActorId { get; set; } = EventSourcing.CommandContext.Anonymous;

    public string? ActorName { get; set; }

    /// <summary>The role the caller acts in: the most privileged it holds.</summary>
    public string? Role { get; set; }

    /// <summary>For a partner: the only organisation whose records it may see.</summary>
    public Guid? Organisation { get; set; }

    public string CorrelationId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Only for imports of the past (see <see cref="EventSourcing.CommandContext.RecordedAt"/>); never from a request.</summary>
    public DateTimeOffset? RecordedAt { get; set; }

    /// <summary>The request's Idempotency-Key (its record id) and body fingerprint, when it sent one.</summary>
    public (string Key, string Fingerprint)? Idempotency { get; set; }

    /// <summary>The command <paramref name="command"/> of this request, as recorded under its Idempotency-Key (null without one).</summary>
    public EventSourcing.KeyedCommand? Keyed(object command) =>
        Idempotency is var (key, fingerprint) ? new EventSourcing.KeyedCommand(key, fingerprint, EventSourcing.KeyedCommand.StepOf(command)) : null;

    /// <summary>
    /// The id of a record this request creates: derived from its Idempotency-Key and <paramref name="purpose"/> when it
    /// sent one, so a retry that runs again addresses what the first attempt created instead of creating a second;
    /// a new one otherwise.
    /// </summary>
    public Guid NewId(string purpose)
    {
        if (Idempotency is not var (key, _))
        {
            return Guid.CreateVersion7();
        }

        return NameBasedGuid.From($"alfa-idempotency/{key}/{purpose}");
    }

    /// <summary>Whether the caller may see the records of an organisation (a partner: only its own).</summary>
    public bool MaySee(Guid organisationId) => Organisation is not { } only || only == organisationId;
}
