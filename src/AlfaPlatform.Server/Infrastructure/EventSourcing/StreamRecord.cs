using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A record's state as its stream stood at <see cref="Version"/>: the inline read model of a feature's own records
/// (kept by <see cref="StreamRecordProjection{TState}"/>) and the shape of every "as of" answer, built by the same fold.
/// </summary>
public sealed record StreamRecord<TState>(
    Guid Id,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TState State)
    where TState : class, IEventSourced<TState>
{
    /// <summary>When the record entered its current <see cref="IEventSourced{TSelf}.Phase"/> (its creation if it has none).</summary>
    public DateTimeOffset PhaseSince { get; init; }

    /// <summary>
    /// The latest instant among its events (a version stamped by a node with a slower clock can precede its
    /// predecessor's), or null when not known: a record stored before it was kept, or an event with no instant.
    /// </summary>
    public DateTimeOffset? LatestEventAt { get; init; }

    /// <summary>
    /// Whether the record as of <paramref name="day"/> is this record: every one of its events was known by the end of
    /// that day, so the fold up to then is the fold of them all (ADR 0004).
    /// </summary>
    public bool StoodAsItIsOn(DateOnly day) => LatestEventAt is { } latest && latest <= StreamHistory.EndOfDay(day);

    /// <summary>
    /// Whether the record had a state at the end of <paramref name="day"/>: its first version was known by then. The
    /// fold as of a day starts with that version, so a record created after the day has none (ADR 0004).
    /// </summary>
    public bool ExistedOn(DateOnly day) => CreatedAt <= StreamHistory.EndOfDay(day);

    /// <summary>
    /// The record after <paramref name="events"/>, or null when there are none or the stream is not of this kind.
    /// Only the unbroken run from version 1 counts: a fetch filtered by time could otherwise skip a version whose
    /// timestamp came from a node with a slower clock, and fold a history that never was.
    /// </summary>
    public static StreamRecord<TState>? Fold(Guid id, IEnumerable<JasperFx.Events.IEvent> events)
    {
        var prefix = events.TakeWhile((e, index) => e.Version == index + 1).ToList();
        if (!EventSourced.IsStreamOf<TState>(prefix.Select(e => e.Data)))
        {
            return null;
        }

        StreamRecord<TState>? record = null;
        foreach (var e in prefix)
        {
            record = Advance(record, id, e);
        }

        return record;
    }

    /// <summary>
    /// The record after <paramref name="events"/> (at least one), adding to <paramref name="pastDays"/> the record as it
    /// stood before each event stamped on a day after the record's latest instant: it stood so from that instant's day
    /// until the event's (<see cref="RecordDay"/>). An event stamped on the same day or earlier (a slower clock) makes no
    /// row, and neither does a record with no known instant: those days are folded.
    /// </summary>
    public static StreamRecord<TState> AdvanceThrough(StreamRecord<TState>? record, Guid id, IEnumerable<JasperFx.Events.IEvent> events, ICollection<RecordDay> pastDays)
    {
        foreach (var e in events)
        {
            if (record?.LatestEventAt is { } latest && Known(e.Timestamp) is { } at && RecordDays.DayOf(at) > RecordDays.DayOf(latest))
            {
                pastDays.Add(new RecordDay(id, RecordDays.DayOf(latest), RecordDays.DayOf(at), record.Version, record));
            }

            record = Advance(record, id, e);
        }

        return record ?? throw new ArgumentException("A record advances through one event at least.", nameof(events));
    }

    public static StreamRecord<TState> Advance(StreamRecord<TState>? record, Guid id, JasperFx.Events.IEvent e)
    {
        var state = TState.Evolve(record?.State, e.Data);
        return record is null
            ? new StreamRecord<TState>(id, e.Version, e.Timestamp, e.Timestamp, state) { PhaseSince = e.Timestamp, LatestEventAt = Known(e.Timestamp) }
            : record with
            {
                Version = e.Version,
                UpdatedAt = e.Timestamp,
                State = state,
                PhaseSince = TState.Phase(state) == TState.Phase(record.State) ? record.PhaseSince : e.Timestamp,
                LatestEventAt = record.LatestEventAt is { } latest && Known(e.Timestamp) is { } at ? (at > latest ? at : latest) : null,
            };
    }

    private static DateTimeOffset? Known(DateTimeOffset at) => at == default ? null : at;
}
