namespace AlfaPlatform.Domain.Common;

/// <summary>
/// State rebuilt from a stream by folding its events, oldest first. The same fold serves the grain
/// (current state), the inline read model and every "as of" view, so they cannot disagree.
/// </summary>
public interface IEventSourced<TSelf> where TSelf : class, IEventSourced<TSelf>
{
    /// <summary>The state after <paramref name="domainEvent"/>; <paramref name="state"/> is null before the first event.</summary>
    static abstract TSelf Evolve(TSelf? state, object domainEvent);

    /// <summary>
    /// Every event type of this kind of stream. Read models subscribe to exactly these, and a stream holding any
    /// other event belongs to something else (another feature, or Marten's own bookkeeping).
    /// </summary>
    static abstract IReadOnlySet<Type> EventTypes { get; }

    /// <summary>Values that no two live records may share (e.g. an active organisation's acronym).</summary>
    static virtual IEnumerable<UniqueKey> UniqueKeys(TSelf? state) => [];

    /// <summary>The stage of a lifecycle the record is in (a request's state), so read models can say since when.</summary>
    static virtual string? Phase(TSelf state) => null;
}

public static class EventSourced
{
    /// <summary>True when every event is one this kind of stream is made of.</summary>
    public static bool IsStreamOf<TState>(IEnumerable<object> events)
        where TState : class, IEventSourced<TState> =>
        events.All(e => TState.EventTypes.Contains(e.GetType()));

    public static TState? Fold<TState>(IEnumerable<object> events, TState? state = null)
        where TState : class, IEventSourced<TState>
    {
        foreach (var @event in events)
        {
            state = TState.Evolve(state, @event);
        }

        return state;
    }
}

/// <summary>A value that only one live record may hold at a time, within a scope such as "organisation acronym".</summary>
public sealed record UniqueKey(string Scope, string Value)
{
    /// <summary>The normalised form two records compare on: case and surrounding spaces do not make a value new.</summary>
    public string Normalised => $"{Scope}:{Value.Trim().ToUpperInvariant()}";
}
