using System.Data;
using System.Linq.Expressions;
using AlfaPlatform.Domain.Common;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A record as it stood on the days from <paramref name="From"/> until <paramref name="Until"/> (not included; none
/// while it is the record's latest state), kept by <see cref="RecordsByDayProjection{TState, TEvent}"/> so that a list
/// "as of" a day is a query, not a fold of every record's events (ADR 0004's amendment).
/// </summary>
/// <param name="Id">The record's id for its latest state; the id and <paramref name="From"/> for an earlier one.</param>
/// <param name="From">The first day this state counts: when the platform knew it, the latest instant of its versions (UTC).</param>
/// <param name="KnownAt">That instant: a version stamped before the one it follows counts only once both were known.</param>
public sealed record RecordOnDay<TState>(string Id, Guid RecordId, DateOnly From, DateOnly? Until, DateTimeOffset KnownAt, StreamRecord<TState> Record)
    where TState : class, IEventSourced<TState>
{
    public static string LatestId(Guid recordId) => recordId.ToString();
}

/// <summary>
/// Keeps each record of a kind as it stood at the end of every day it changed (<see cref="RecordOnDay{TState}"/>),
/// with the fold its grain and <see cref="StreamHistory"/> use, so that a day's state is the one
/// <see cref="StreamRecord{TState}.Fold"/> gives over the events known by the end of that day. Async: a write pays
/// nothing for it, and a list reads it only once it holds every event of the kind known by then
/// (<see cref="RecordsByDay.ReadAsync{TState, TResult}"/>).
/// </summary>
public sealed class RecordsByDayProjection<TState, TEvent> : Marten.Events.Projections.IProjection, IDeclaresEvents, IFoldsDocuments
    where TState : class, IEventSourced<TState>
{
    public static IReadOnlyList<Type> Documents { get; } = [typeof(RecordOnDay<TState>)];

    public static ProjectionEvents Events { get; } = new(reads: [typeof(TEvent)], handled: [.. TState.EventTypes], ignored: []);

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation) =>
        FoldAsync(new SessionDocuments(operations), events, cancellation);

    public async Task FoldAsync(IProjectionDocuments documents, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var read = Events.Read(events);
        if (read.Count == 0)
        {
            return;
        }

        var latest = (await documents.LoadManyAsync<RecordOnDay<TState>>(read.Select(e => RecordOnDay<TState>.LatestId(e.StreamId)).Distinct(), cancellation))
            .ToDictionary(r => r.RecordId);
        var earlier = new List<RecordOnDay<TState>>();
        foreach (var e in read)
        {
            var before = latest.GetValueOrDefault(e.StreamId);
            if (before is not null && e.Version <= before.Record.Version)
            {
                continue; // seen in an earlier batch
            }

            var knownAt = before is null || e.Timestamp > before.KnownAt ? e.Timestamp : before.KnownAt;
            var day = DateOnly.FromDateTime(knownAt.UtcDateTime);
            if (before is not null && day > before.From)
            {
                earlier.Add(before with { Id = $"{e.StreamId}:{before.From:yyyy-MM-dd}", Until = day });
            }

            latest[e.StreamId] = new RecordOnDay<TState>(
                RecordOnDay<TState>.LatestId(e.StreamId), e.StreamId, before is not null && day == before.From ? before.From : day, null, knownAt,
                StreamRecord<TState>.Advance(before?.Record, e.StreamId, e));
        }

        documents.Store([.. earlier, .. latest.Values]);
    }
}

/// <summary>
/// Rebuilds a kind's records by day without a replay: the fold over every event in memory, each state written once
/// (<see cref="FoldedRebuild{TProjection}"/>). Its progress is set back to nothing first, so lists fold from the events
/// while the table is rewritten (they take it only at a position holding every event of the kind, and none does).
/// </summary>
public sealed class RecordsByDayRebuild<TState, TEvent>(IDocumentStore store, NpgsqlDataSource database) : IRebuiltWithoutReplay
    where TState : class, IEventSourced<TState>
{
    public string Projection { get; } = RecordsByDay.NameOf<TState>();

    public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        // The projection's agent is stopped while it is rebuilt; the rebuild's runner moves it to the mark afterwards.
        await using (var rewind = database.CreateCommand(
            $"update {store.Options.Events.DatabaseSchemaName}.mt_event_progression set last_seq_id = 0 where name = $1"))
        {
            rewind.Parameters.Add(new NpgsqlParameter { Value = AsyncProjections.ShardOf(Projection) });
            await rewind.ExecuteNonQueryAsync(cancellationToken);
        }

        await new FoldedRebuild<RecordsByDayProjection<TState, TEvent>>(Projection, new(), store, database).RebuildAsync(highWaterMark, cancellationToken);
    }
}

public static class RecordsByDay
{
    /// <summary>The projection's name, for the daemon and the rebuild route: <c>organisation-days</c>, <c>team-days</c>.</summary>
    public static string NameOf<TState>() => $"{typeof(TState).Name.ToLowerInvariant()}-days";

    /// <summary>A kind's records by day: the projection, its document and how the daemon tears it down.</summary>
    public static void AddRecordsByDay<TState, TEvent>(this StoreOptions options, string alias)
        where TState : class, IEventSourced<TState>
    {
        options.AddAsyncProjection(new RecordsByDayProjection<TState, TEvent>(), NameOf<TState>(), rebuild =>
        {
            rebuild.DeleteViewTypeOnTeardown<RecordOnDay<TState>>();
            rebuild.EnableDocumentTrackingByIdentity = true;
        });
        options.Schema.For<RecordOnDay<TState>>().DocumentAlias(alias);
    }

    public static IServiceCollection AddRecordsByDayRebuild<TState, TEvent>(this IServiceCollection services)
        where TState : class, IEventSourced<TState> =>
        services.AddSingleton<IRebuiltWithoutReplay, RecordsByDayRebuild<TState, TEvent>>();

    /// <summary>
    /// <paramref name="read"/> over the records of a kind as they stood at the end of <paramref name="day"/>, when the
    /// projection holds every event of the kind the platform knew by then; otherwise null, and the caller folds the
    /// records from their events (<see cref="StreamHistory.AllAsOfAsync{TState}"/>): just after a change of the kind,
    /// while the projection catches up (a few hundred milliseconds at most), is rebuilt, or has not run yet. Both the
    /// check and the read are in one snapshot of the database.
    /// </summary>
    public static async Task<TResult?> ReadAsync<TState, TResult>(
        IDocumentStore store, NpgsqlDataSource database, DateOnly day, Func<IQueryable<RecordOnDay<TState>>, CancellationToken, Task<TResult>> read,
        CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
        where TResult : class
    {
        var events = (EventGraph)store.Options.Events;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var behind = new NpgsqlCommand(
            $"select exists (select 1 from {events.DatabaseSchemaName}.mt_events where seq_id > " +
            $"coalesce((select last_seq_id from {events.DatabaseSchemaName}.mt_event_progression where name = $1), 0) " +
            "and type = any($2) and timestamp <= $3 and is_archived = false)", connection, transaction))
        {
            behind.Parameters.Add(new NpgsqlParameter { Value = AsyncProjections.ShardOf(NameOf<TState>()) });
            behind.Parameters.Add(new NpgsqlParameter { Value = TState.EventTypes.Select(t => events.EventMappingFor(t).EventTypeName).ToArray() });
            behind.Parameters.Add(new NpgsqlParameter { Value = StreamHistory.EndOfDay(day) });
            if ((bool)(await behind.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        await using var session = store.QuerySession(Marten.Services.SessionOptions.ForTransaction(transaction));
        return await read(session.Query<RecordOnDay<TState>>().Where(r => r.From <= day && (r.Until == null || r.Until > day)), cancellationToken);
    }

    /// <summary>The records of a day that meet <paramref name="condition"/>, written over the record as its live list reads it.</summary>
    public static IQueryable<RecordOnDay<TState>> WhereRecord<TState>(this IQueryable<RecordOnDay<TState>> records, Expression<Func<StreamRecord<TState>, bool>> condition)
        where TState : class, IEventSourced<TState> => records.Where(OnRecord<TState, bool>(condition));

    public static IOrderedQueryable<RecordOnDay<TState>> OrderByRecord<TState, TKey>(this IQueryable<RecordOnDay<TState>> records, Expression<Func<StreamRecord<TState>, TKey>> key)
        where TState : class, IEventSourced<TState> => records.OrderBy(OnRecord(key));

    private static Expression<Func<RecordOnDay<TState>, TResult>> OnRecord<TState, TResult>(Expression<Func<StreamRecord<TState>, TResult>> expression)
        where TState : class, IEventSourced<TState>
    {
        var day = Expression.Parameter(typeof(RecordOnDay<TState>), "day");
        var body = new ParameterSwap(expression.Parameters[0], Expression.Property(day, nameof(RecordOnDay<TState>.Record))).Visit(expression.Body);
        return Expression.Lambda<Func<RecordOnDay<TState>, TResult>>(body, day);
    }

    private sealed class ParameterSwap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
