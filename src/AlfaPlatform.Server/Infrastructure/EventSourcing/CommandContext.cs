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
[GenerateSerializer, Immutable, Alias("alfa.command-context")]
public sealed record CommandContext(
    [property: Id(0)] string ActorId,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string CausationId,
    [property: Id(3)] DateTimeOffset? RecordedAt = null,
    [property: Id(4)] string? ActorName = null,
    [property: Id(5)] string? Role = null,
    [property: Id(6)] KeyedCommand? Keyed = null)
{
    /// <summary>Placeholder actors until sign-in exists.</summary>
    public const string System = "system";
    public const string Anonymous = "anonymous";

    // The whole context under one key, set and read as one immutable value (Orleans passes it to a grain call uncopied).
    private const string Key = "alfa.command";

    public void Attach() => RequestContext.Set(Key, this);

    /// <summary>The context that came with the current grain call; a call without one acts as the system.</summary>
    public static CommandContext Current()
    {
        if (RequestContext.Get(Key) is CommandContext attached)
        {
            return attached;
        }

        var correlation = Guid.NewGuid().ToString("N");
        return new CommandContext(System, correlation, correlation);
    }
}

/// <summary>
/// One command sent under an Idempotency-Key: the key's record id, the fingerprint of the request's body, and the
/// command's own fingerprint (<see cref="Step"/>), so that a retry meets each command's recorded write by what the
/// command says, however many commands before it the retry leaves out (an import skips the members the first
/// attempt added).
/// </summary>
[GenerateSerializer, Immutable, Alias("alfa.keyed-command")]
public sealed record KeyedCommand([property: Id(0)] string Key, [property: Id(1)] string Fingerprint, [property: Id(2)] string Step)
{
    /// <summary>A command's fingerprint: its type and its content as JSON (the ids it creates come from the key).</summary>
    public static string StepOf(object command) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())))[..32] + ":" + command.GetType().Name;
}
