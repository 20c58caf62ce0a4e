namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Who asked for a change and through which request. The gateway puts it in Orleans' <see cref="RequestContext"/>,
/// which travels with the grain call, and the event store writes it on every event it appends.
/// </summary>
public sealed record CommandContext(string ActorId, string CorrelationId, string CausationId)
{
    /// <summary>Placeholder actors until sign-in exists.</summary>
    public const string System = "system";
    public const string Anonymous = "anonymous";

    private const string ActorKey = "alfa.actor";
    private const string CorrelationKey = "alfa.correlation";
    private const string CausationKey = "alfa.causation";

    public static CommandContext ForSystem(string correlationId) => new(System, correlationId, correlationId);

    public void Attach()
    {
        RequestContext.Set(ActorKey, ActorId);
        RequestContext.Set(CorrelationKey, CorrelationId);
        RequestContext.Set(CausationKey, CausationId);
    }

    /// <summary>The context that came with the current grain call; a call without one acts as the system.</summary>
    public static CommandContext Current()
    {
        var correlation = RequestContext.Get(CorrelationKey) as string ?? Guid.NewGuid().ToString("N");
        return new CommandContext(
            RequestContext.Get(ActorKey) as string ?? System,
            correlation,
            RequestContext.Get(CausationKey) as string ?? correlation);
    }
}
