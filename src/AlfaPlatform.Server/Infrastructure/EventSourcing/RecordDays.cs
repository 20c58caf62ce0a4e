using AlfaPlatform.Domain.Common;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A record as it stood on the days from <see cref="From"/> up to, not including, <see cref="Until"/>: every one of its
/// events up to <see cref="Version"/> was known by the end of <see cref="From"/>, and the next one was stamped on
/// <see cref="Until"/>. So the record as of any of those days, the fold of the unbroken run of versions known by then
/// (ADR 0004), is this one.
/// </summary>
public sealed record RecordDay(Guid Id, DateOnly From, DateOnly Until, long Version, object Record);

/// <summary>
/// The days a record stood as it was before a change that came on a later day, written by the append from the record
/// its grain holds (<see cref="StreamRecord{TState}.AdvanceThrough"/>), in the append's transaction: a row on the
/// record's first change of a day, none on its other changes; the record's own row stands for the days since its last
/// change. A list as of a past day reads them for the records changed since, instead of folding their events. Kept
/// for the kinds that ask (<see cref="StreamRecordRegistration.AddStreamRecords{TState}"/>); an erasure removes the
/// rows of the records whose state held what it masks (<see cref="ForgetAsync"/>: the person's, the meetings and requests
/// naming them), and no row is written for a stream with a masked event after (a team whose member's leaving reason
/// was masked included, though its state holds no reason). A day no row covers (versions written before the rows were
/// kept, or by a path that does not hold the record, or erased) is folded, as before.
/// </summary>
public static class RecordDays
{
    public const string TableName = "record_days";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("id", "uuid").AsPrimaryKey();
        table.AddColumn("from_day", "date").AsPrimaryKey(); // a record's days never overlap: its rows follow one another
        table.AddColumn("until_day", "date").NotNull();
        table.AddColumn("version", "bigint").NotNull();
        table.AddColumn("data", "jsonb").NotNull();
        return table;
    }

    /// <summary>Whether records of <typeparamref name="TState"/> keep their past days.</summary>
    public static bool AreKeptFor<TState>(IReadOnlyStoreOptions options)
        where TState : class, IEventSourced<TState> =>
        KeptStreamTypes(options).Contains(typeof(TState));

    /// <summary>The kinds whose records keep their past days, as their streams' types (<c>Organisation</c>).</summary>
    public static IReadOnlySet<Type> KeptStreamTypes(IReadOnlyStoreOptions options) =>
        KeptKinds(options).Select(kind => kind.StateType).ToHashSet();

    /// <summary>The day of an instant, UTC: a record's days are the days its events were stamped on.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The kinds whose records keep their past days.</summary>
    public static IEnumerable<IKeepsRecordDays> KeptKinds(IReadOnlyStoreOptions options) =>
        ((StoreOptions)options).Projections.All // a store's options are its StoreOptions; the read-only view names no projections
            .OfType<IKeepsRecordDays>().Where(kind => kind.KeepsDays);

    /// <summary>
    /// The statement that writes <paramref name="days"/>, in one statement whatever their number. A row already there
    /// is the same fold of the same events (an append beside the fill, <see cref="RecordDaysFill"/>): it is replaced.
    /// It leaves out the records of streams an erasure masked by the time it runs: their days are folded from the
    /// masked events, and a row could hold what the masking took (a fill's events read before it, or a record its grain
    /// held before it; see <see cref="ForgetAsync"/>).
    /// </summary>
    public static NpgsqlBatchCommand Insert(IReadOnlyStoreOptions options, IReadOnlyCollection<RecordDay> days)
    {
        var serializer = options.Serializer();
        var command = new NpgsqlBatchCommand(
            $"insert into {options.DatabaseSchemaName}.{TableName} (id, from_day, until_day, version, data) " +
            $"select * from unnest($1::uuid[], $2::date[], $3::date[], $4::bigint[], $5::jsonb[]) d(id, from_day, until_day, version, data) " +
            $"where not exists (select 1 from {options.Events.DatabaseSchemaName}.mt_events e where e.stream_id = d.id and e.headers ? '{EventStore.MaskedHeader}') " +
            "on conflict (id, from_day) do update set until_day = excluded.until_day, version = excluded.version, data = excluded.data");
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.From).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Until).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => d.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = days.Select(d => serializer.ToJson(d.Record)).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb });
        return command;
    }

    /// <summary>
    /// Removes the past days of <paramref name="ids"/>, in a transaction of its own: an erasure's last step, once
    /// their events are masked, so that their days are folded from the masked events. Rows written before the masking,
    /// or from what was read or held before it, are removed with the others; none is written after (<see cref="Insert"/>).
    /// So it waits for what may be writing them from before the masking: a fill's rows (<see cref="Exclusively"/>), and
    /// the appends to these streams (their rows, locked by every append until it commits), whose grains may still hold
    /// the records as they were.
    /// </summary>
    public static async Task ForgetAsync(IDocumentStore store, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var streams = ids.ToArray();
        await using var session = store.LightweightSession();
        session.QueueSqlCommand(ExclusiveLock(store.Options));
        session.QueueSqlCommand($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?) order by id for update", (object)streams);
        session.QueueSqlCommand($"delete from {store.Options.DatabaseSchemaName}.{TableName} where id = any(?)", (object)streams);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The lock a fill's rows and an erasure's removal of rows take in turn, each in its transaction: a two-key lock
    /// of its own class ('days'), apart from Marten's one-key locks (the daemon's, held for a session) and the streams'.
    /// </summary>
    public static NpgsqlBatchCommand Exclusively(IReadOnlyStoreOptions options) => new(ExclusiveLock(options));

    private static string ExclusiveLock(IReadOnlyStoreOptions options) =>
        $"select pg_advisory_xact_lock({LockClass}, hashtext('{options.DatabaseSchemaName}'))";

    private const int LockClass = 0x64617973;

    /// <summary>The records of <paramref name="ids"/> as they stood on <paramref name="day"/>, those a row covers.</summary>
    public static async Task<IReadOnlyList<StreamRecord<TState>>> ReadAsync<TState>(
        IQuerySession session, IReadOnlyCollection<Guid> ids, DateOnly day, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        if (ids.Count == 0 || !AreKeptFor<TState>(session.DocumentStore.Options))
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            $"select data from {session.DocumentStore.Options.DatabaseSchemaName}.{TableName} where id = any($1) and from_day <= $2 and until_day > $2");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        await using var reader = await session.ExecuteReaderAsync(command, cancellationToken);
        var serializer = session.DocumentStore.Options.Serializer();
        var records = new List<StreamRecord<TState>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(serializer.FromJson<StreamRecord<TState>>(reader, 0));
        }

        return records;
    }
}

/// <summary>A kind's inline records, and whether they keep their past days (<see cref="RecordDays"/>).</summary>
public interface IKeepsRecordDays
{
    /// <summary>The kind's state, the type its streams are registered under (<c>Organisation</c>).</summary>
    Type StateType { get; }

    bool KeepsDays { get; }

    /// <summary>Writes every past day of the kind's records from their events (<see cref="RecordDaysFill.FillAsync{TState}"/>).</summary>
    Task FillDaysAsync(IDocumentStore store, NpgsqlDataSource database, CancellationToken cancellationToken);
}

/// <summary>
/// Writes the past days of every record of the kinds that keep them, from the events, by the fold the appends use
/// (<see cref="StreamRecord{TState}.AdvanceThrough"/>): the days of versions appended before the rows were kept, or by a
/// path that does not hold the record. Once per database and kind, in the background after the start (a day not
/// written yet is folded meanwhile); a fill stopped half-way starts again at the next start. Its rows are the
/// appends' own (the same fold of the same events), so appends beside it write the same rows.
/// </summary>
public sealed partial class RecordDaysFill(IDocumentStore store, NpgsqlDataSource database, ILogger<RecordDaysFill> logger) : BackgroundService
{
    /// <summary>Sequences per read, and rows per statement.</summary>
    private const long Page = 50_000;

    private const int RowsPerStatement = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var kind in RecordDays.KeptKinds(store.Options))
        {
            var done = FillOf(kind.StateType);
            await using (var session = store.QuerySession())
            {
                if (await session.LoadAsync<RecordDaysFilled>(done, stoppingToken) is not null)
                {
                    continue;
                }
            }

            try
            {
                await kind.FillDaysAsync(store, database, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFillFailed(logger, e, kind.StateType.Name); // its days are folded until a later start fills them
                continue;
            }

            await using var write = store.LightweightSession();
            write.Store(new RecordDaysFilled(done, DateTimeOffset.UtcNow));
            await write.SaveChangesAsync(stoppingToken);
        }
    }

    /// <summary>
    /// Every past day of the records of <typeparamref name="TState"/>, folded from their events in order. As an as-of
    /// fold takes only the unbroken run of versions from 1, a stream stops at a version missing among the kind's events
    /// (another kind's event in it, which no grain writes): its later days are folded.
    /// </summary>
    public static async Task FillAsync<TState>(IDocumentStore store, NpgsqlDataSource database, CancellationToken cancellationToken)
        where TState : class, IEventSourced<TState>
    {
        var events = new StoredEventReader(store, TState.EventTypes);
        var records = new Dictionary<Guid, StreamRecord<TState>?>();
        var pastDays = new List<RecordDay>();
        long newest;
        await using (var session = store.QuerySession())
        {
            newest = await EventSequence.NewestAsync(session, cancellationToken);
        }

        for (var from = 0L; from < newest; from += Page)
        {
            foreach (var e in await events.ReadAsync(database, from, Math.Min(from + Page, newest), cancellationToken))
            {
                var (known, record) = (records.TryGetValue(e.StreamId, out var before), before);
                if (known && record is null)
                {
                    continue; // broken earlier
                }

                records[e.StreamId] = e.Version == (record?.Version ?? 0) + 1
                    ? StreamRecord<TState>.AdvanceThrough(record, e.StreamId, [e], pastDays)
                    : null;
            }

            foreach (var chunk in pastDays.Chunk(RowsPerStatement))
            {
                // One transaction (a batch is one): the lock, then the rows but those of streams masked by now.
                await using var batch = database.CreateBatch();
                batch.BatchCommands.Add(RecordDays.Exclusively(store.Options));
                batch.BatchCommands.Add(RecordDays.Insert(store.Options, chunk));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            pastDays.Clear();
        }
    }

    private static string FillOf(Type streamType) => $"record-days/{streamType.Name}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the past days of {Kind} records from their events: lists as of past days fold them until a later start writes them")]
    private static partial void LogFillFailed(ILogger logger, Exception exception, string kind);
}

/// <summary>That the past days of a kind's records were written from its events (<see cref="RecordDaysFill"/>).</summary>
public sealed record RecordDaysFilled(string Id, DateTimeOffset At);
