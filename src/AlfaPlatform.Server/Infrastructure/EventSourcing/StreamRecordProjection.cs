using AlfaPlatform.Domain.Common;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Keeps a <see cref="StreamRecord{TState}"/> per stream of one kind, with the domain's own fold, subscribed to
/// exactly that kind's events (other streams and Marten's tombstones are none of its business). Marten's projection
/// source generator wants a concrete partial class per feature: each feature declares a one-line subclass.
/// </summary>
public abstract class StreamRecordProjection<TState> : SingleStreamProjection<StreamRecord<TState>, Guid>, IKeepsRecordDays
    where TState : class, IEventSourced<TState>
{
    public Type StateType => typeof(TState);

    public bool KeepsDays { get; internal set; }

    public Task FillDaysAsync(IDocumentStore store, Npgsql.NpgsqlDataSource database, CancellationToken cancellationToken) =>
        RecordDaysFill.FillAsync<TState>(store, database, cancellationToken);

    protected StreamRecordProjection()
    {
        foreach (var type in TState.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override StreamRecord<TState>? Evolve(StreamRecord<TState>? snapshot, Guid id, IEvent e) =>
        StreamRecord<TState>.Advance(snapshot, id, e);
}

public static class StreamRecordRegistration
{
    /// <summary>
    /// A kind of stream in the store: its event types, and its records kept inline (in the append's transaction),
    /// so a user sees their change in the next read, in a table named after <paramref name="alias"/>.
    /// </summary>
    /// <param name="keepDays">
    /// Whether the records keep the days they stood as they were before each change (<see cref="RecordDays"/>), for
    /// lists as of a past day: for kinds whose states name nobody, or whose erasures remove the rows of the records whose
    /// events they mask (<see cref="RecordDays.ForgetAsync"/>: a person's own, the meetings and requests naming them), as
    /// nothing else rewrites them.
    /// </param>
    public static void AddStreamRecords<TState>(this StoreOptions options, StreamRecordProjection<TState> projection, string alias, bool keepDays = false)
        where TState : class, IEventSourced<TState>
    {
        projection.KeepsDays = keepDays;
        options.Events.AddEventTypes(TState.EventTypes);
        options.Projections.Add(projection, ProjectionLifecycle.Inline);
        // A list as of a past day leaves out the records created after it (ADR 0004's third amendment): the first
        // instant in a column of its own, indexed, finds them without reading every record's JSON. The column never
        // changes, so a record's updates stay heap-only where nothing else indexes it (organisations', meetings',
        // requests').
        options.Schema.For<StreamRecord<TState>>().DocumentAlias(alias).Duplicate(x => x.CreatedAt);
        // A list as of a day reads the records changed since apart from the others, which it pages in SQL
        // (StreamHistory.PageAsOfAsync): the latest instant in a column too, but with no index (Marten's Duplicate makes
        // one), as it changes with every event and an index on it would end the updates' heap-only writes.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType == typeof(StreamRecord<TState>))
            {
                mapping.DuplicateField(nameof(StreamRecord<TState>.LatestEventAt));
            }
        });
    }
}
