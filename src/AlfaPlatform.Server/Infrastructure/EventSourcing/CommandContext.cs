namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Who asked for a change and through which request. The gateway puts it in Orleans' <see cref="RequestContext"/>,
/// which travels with the grain call, and the event store writes it on every event it appends.
/// </summary>
/// <param name="Keyed">
/// Set when the request carried an <c>Idempotency-Key</c>: the event store records this command's writes under it in
/// the same transaction as its events, so a retry finds them and does not write again (ADR 0011).
/// </param>
/// <param name="RecordedAt">
/// Set only by imports of the past (the seed registers the network as it stood when it was labelled): the events are
/// dated then, so "as of" views show them from that date. Requests from users never set it: their changes happen now.
/// </param>
public sealed record CommandContext(
    string ActorId,
    string CorrelationId,
    string CausationId,
    DateTimeOffset? RecordedAt = null,
    string? ActorName = null,
    string? Role = null,
    KeyedCommand? Keyed = null)
{
    /// <summary>Placeholder actors until sign-in exists.</summary>
    public const string System = "system";
    public const string Anonymous = "anonymous";

    private const string ActorKey = "alfa.actor";
    private const string CorrelationKey = "alfa.correlation";
    private const string CausationKey = "alfa.causation";
    private const string RecordedAtKey = "alfa.recorded-at";
    private const string ActorNameKey = "alfa.actor-name";
    private const string RoleKey = "alfa.role";
    private const string KeyedKey = "alfa.keyed";

    public void Attach()
    {
        RequestContext.Set(ActorKey, ActorId);
        RequestContext.Set(CorrelationKey, CorrelationId);
        RequestContext.Set(CausationKey, CausationId);
        Set(ActorNameKey, ActorName);
        Set(RoleKey, Role);
        Set(KeyedKey, Keyed?.ToString());
        if (RecordedAt is { } recordedAt)
        {
            RequestContext.Set(RecordedAtKey, recordedAt);
        }
    }

    /// <summary>The context that came with the current grain call; a call without one acts as the system.</summary>
    public static CommandContext Current()
    {
        var correlation = RequestContext.Get(CorrelationKey) as string ?? Guid.NewGuid().ToString("N");
        return new CommandContext(
            RequestContext.Get(ActorKey) as string ?? System,
            correlation,
            RequestContext.Get(CausationKey) as string ?? correlation,
            RequestContext.Get(RecordedAtKey) as DateTimeOffset?,
            RequestContext.Get(ActorNameKey) as string,
            RequestContext.Get(RoleKey) as string,
            KeyedCommand.Parse(RequestContext.Get(KeyedKey) as string));
    }

    private static void Set(string key, string? value)
    {
        if (value is not null)
        {
            RequestContext.Set(key, value);
        }
        else
        {
            RequestContext.Remove(key);
        }
    }
}

/// <summary>
/// One command sent under an Idempotency-Key: the key's record id, the fingerprint of the request's body, and the
/// command's own fingerprint (<see cref="Step"/>), so that a retry meets each command's recorded write by what the
/// command says, however many commands before it the retry leaves out (an import skips the members the first
/// attempt added).
/// </summary>
public sealed record KeyedCommand(string Key, string Fingerprint, string Step)
{
    // Travels in Orleans' RequestContext as one string: hex key and fingerprints never hold a '|'.
    public override string ToString() => $"{Key}|{Fingerprint}|{Step}";

    public static KeyedCommand? Parse(string? text) =>
        text?.Split('|') is [var key, var fingerprint, var step] ? new KeyedCommand(key, fingerprint, step) : null;

    /// <summary>A command's fingerprint: its type and its content as JSON (the ids it creates come from the key).</summary>
    public static string StepOf(object command) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())))[..32] + ":" + command.GetType().Name;
}
