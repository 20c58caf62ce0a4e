using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Tests;

/// <summary>Given events, when a command, then events or a rejection: the shape every decider test shares.</summary>
public abstract class DeciderSpec<TState> where TState : class, IEventSourced<TState>
{
    /// <summary>The state the given events fold to; null before the first event.</summary>
    protected TState? State { get; private set; }

    protected TState? Given(params object[] events) => State = EventSourced.Fold<TState>(events);

    protected void ThenEvents(Decision decision, params object[] expected)
    {
        Assert.True(decision.IsAccepted, $"Expected acceptance, was rejected: {decision.Rejection?.Code}");
        Assert.Null(decision.Rejection);
        Assert.Equal(expected.Length, decision.Events.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            AssertSameEvent(expected[i], decision.Events[i]);
        }
    }

    protected static void ThenAcceptedWithoutEvents(Decision decision)
    {
        Assert.True(decision.IsAccepted, $"Expected acceptance, was rejected: {decision.Rejection?.Code}");
        Assert.Empty(decision.Events);
    }

    protected static void ThenRejected(Decision decision, RejectionKind kind, string code)
    {
        Assert.False(decision.IsAccepted);
        Assert.NotNull(decision.Rejection);
        Assert.Equal(kind, decision.Rejection.Kind);
        Assert.Equal(code, decision.Rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(decision.Rejection.Message));
        Assert.Empty(decision.Events);
    }

    /// <summary>
    /// Record equality compares every field, but lists by reference: events holding lists override this to compare
    /// those as sequences.
    /// </summary>
    protected virtual void AssertSameEvent(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>Through the interface, as the store calls it: proves the state's own UniqueKeys is the one used.</summary>
    protected static UniqueKey[] UniqueKeysOf(TState? state) => [.. TState.UniqueKeys(state)];
}
