namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>
/// Who is behind the current request (scoped). HTTP requests fill it from the request; background work such as
/// seeding acts as the system. The identity issue replaces the anonymous placeholder with the signed-in person.
/// </summary>
public sealed class Caller
{
    public string ActorId { get; set; } = EventSourcing.CommandContext.Anonymous;

    public string CorrelationId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Only for imports of the past (see <see cref="EventSourcing.CommandContext.RecordedAt"/>); never from a request.</summary>
    public DateTimeOffset? RecordedAt { get; set; }
}
