namespace AlfaPlatform.Domain.Common;

/// <summary>
/// What a decider answers to a command: the events that record the change, or why it was refused.
/// An accepted decision may hold no events when the command changes nothing (idempotent repeats).
/// </summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, Rejection? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    public IReadOnlyList<object> Events { get; }

    public Rejection? Rejection { get; }

    public bool IsAccepted => Rejection is null;

    public static Decision Accept(params object[] events) => new(events, null);

    public static Decision Accept(IEnumerable<object> events) => new(events.ToArray(), null);

    public static Decision Reject(Rejection rejection) => new([], rejection);

    public static implicit operator Decision(Rejection rejection) => Reject(rejection);
}
