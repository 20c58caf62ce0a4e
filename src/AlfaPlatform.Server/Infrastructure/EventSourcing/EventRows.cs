using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Writes a group's events, streams and records as Marten's Rich append and the record projections would, in a few
/// set-based statements (one per table, whatever the group's size) instead of a statement per event and per record,
/// each preceded by a read: the records come from the state the grains already hold (<see cref="StreamWrite.RecordAfter"/>).
/// The rows are Marten's own (its event type names, serializer, sequence, metadata and duplicated columns), so
/// everything that reads the store (fetches, the daemon, history) sees no difference. Events that another inline
/// projection reads (<see cref="InlineProjectionReads"/>) still go through Marten's session, which runs it.
/// </summary>
public sealed class EventRows(IDocumentStore store, IEnumerable<InlineProjectionReads> inlineReads)
{
    private readonly EventGraph _events = (EventGraph)store.Options.Events;
    private readonly Marten.ISerializer _serializer = store.Options.Serializer();
    private readonly string _schema = store.Options.Events.DatabaseSchemaName;
    private readonly Type[] _readInline = [.. inlineReads.SelectMany(r => r.EventBases)];
    private readonly IReadOnlySet<Type> _keepDays = RecordDays.KeptStreamTypes(store.Options);
    private readonly ConcurrentDictionary<Type, DuplicatedColumn[]> _duplicated = new();

    /// <summary>Marten's tenant of a store that is not multi-tenanted.</summary>
    private const string DefaultTenant = "*DEFAULT*";

    /// <summary>Whether these rows can take <paramref name="write"/>: its record is at hand and no other inline projection reads its events.</summary>
    public bool CanWrite(StreamWrite write) =>
        write.RecordAfter is not null && !write.Events.Any(e => _readInline.Any(e.GetType().IsAssignableTo));

    /// <summary>The events of <paramref name="write"/> as they will be stored: Marten's type names, versions, and each one's command's metadata and instant.</summary>
    public IReadOnlyList<JasperFx.Events.IEvent> Build(StreamWrite write, Func<int, EventStamp> stampOf)
    {
        var built = new List<JasperFx.Events.IEvent>(write.Events.Count);
        for (var i = 0; i < write.Events.Count; i++)
        {
            var e = _events.BuildEvent(write.Events[i]);
            e.Id = Guid.CreateVersion7();
            e.StreamId = write.StreamId;
            e.Version = write.ExpectedVersion + i + 1;
            var (context, at) = stampOf(i);
            e.Timestamp = at;
            e.TenantId = DefaultTenant;
            SessionMetadata.Stamp(e, context);
            built.Add(e);
        }

        return built;
    }

    /// <summary>
    /// Writes the streams (new and moved), the events in order, and the records, in the transaction of
    /// <paramref name="unit"/>; and the past days of the records of kinds that keep them (<see cref="RecordDays"/>),
    /// those of <paramref name="throughMarten"/> too, whose events and records Marten's session writes.
    /// </summary>
    public async Task WriteAsync(
        RefusableWrites unit,
        IReadOnlyList<(StreamWrite Write, IReadOnlyList<JasperFx.Events.IEvent> Events)> rows,
        IReadOnlyList<(StreamWrite Write, IReadOnlyList<JasperFx.Events.IEvent> Events)> throughMarten,
        CancellationToken cancellationToken)
    {
        var pastDays = throughMarten.Where(m => _keepDays.Contains(m.Write.StreamType)).SelectMany(m => m.Write.PastDaysBefore(m.Events)).ToList();
        if (rows.Count == 0)
        {
            if (pastDays.Count > 0)
            {
                await using var days = new NpgsqlBatch(unit.Connection) { BatchCommands = { RecordDays.Insert(store.Options, pastDays) } };
                await days.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var batch = new NpgsqlBatch(unit.Connection);
        var started = rows.Where(r => r.Write.ExpectedVersion == 0).ToList();
        var moved = rows.Where(r => r.Write.ExpectedVersion != 0).ToList();
        if (started.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                $"insert into {_schema}.mt_streams (id, type, version, timestamp, created, tenant_id) " +
                $"select id, type, version, at, at, '{DefaultTenant}' from unnest($1, $2, $3, $4) s(id, type, version, at)",
                Values(started.Select(r => r.Write.StreamId)), Texts(started.Select(r => _events.AggregateAliasFor(r.Write.StreamType))),
                Values(started.Select(r => r.Write.NewVersion)), Values(started.Select(r => r.Events[^1].Timestamp))));
        }

        // Before the events: each event's foreign key check then locks the row version this transaction wrote, 4 µs
        // a row in pg_stat_statements over P1; after them it locks the row this transaction holds for update, 31 to
        // 38 µs a row (docs/performance.md, P1's goal).
        if (moved.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                $"update {_schema}.mt_streams s set version = m.version, timestamp = m.at from unnest($1, $2, $3) m(id, version, at) where s.id = m.id",
                Values(moved.Select(r => r.Write.StreamId)), Values(moved.Select(r => r.Write.NewVersion)), Values(moved.Select(r => r.Events[^1].Timestamp))));
        }

        // The sequence is taken in the order of the arrays (a function scan keeps it): a stream's events in version order.
        var events = rows.SelectMany(r => r.Events).ToList();
        batch.BatchCommands.Add(Command(
            $"insert into {_schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, user_name, is_archived) " +
            $"select nextval('{_schema}.mt_events_sequence'), id, stream_id, version, data, type, at, tenant_id, dotnet_type, correlation_id, causation_id, headers, user_name, false " +
            "from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) e(id, stream_id, version, data, type, at, tenant_id, dotnet_type, correlation_id, causation_id, headers, user_name)",
            Values(events.Select(e => e.Id)), Values(events.Select(e => e.StreamId)), Values(events.Select(e => e.Version)),
            Json(events.Select(e => _serializer.ToJson(e.Data))), Texts(events.Select(e => e.EventTypeName)), Values(events.Select(e => e.Timestamp)),
            Texts(events.Select(e => e.TenantId)), Texts(events.Select(e => e.DotNetTypeName)), Texts(events.Select(e => e.CorrelationId)),
            Texts(events.Select(e => e.CausationId)), Json(events.Select(e => e.Headers is null ? null : _serializer.ToJson(e.Headers))),
            Texts(events.Select(e => e.UserName))));

        var changes = rows.Select(r => (r.Write, Change: r.Write.RecordAfter!(r.Events))).ToList();
        foreach (var records in changes.Select(c => (c.Write, c.Change.Record)).GroupBy(r => r.Record.GetType()))
        {
            var table = store.Options.FindOrResolveDocumentType(records.Key).TableName.QualifiedName;
            var duplicated = DuplicatedOf(records.Key);
            var (columns, names, arrays, updates) = (
                string.Concat(duplicated.Select(d => $", {d.Column}")),
                string.Concat(duplicated.Select((_, i) => $", d{i}")),
                string.Concat(duplicated.Select((d, i) => $", ${i + 5}::{d.PgType}[]")),
                string.Concat(duplicated.Select(d => $", {d.Column} = excluded.{d.Column}")));
            var command = Command(
                $"insert into {table} (id, data, mt_last_modified, mt_dotnet_type, mt_version{columns}) " +
                $"select id, data, transaction_timestamp(), $4, version{names} from unnest($1, $2, $3{arrays}) r(id, data, version{names}) " +
                "on conflict (id) do update set data = excluded.data, mt_last_modified = excluded.mt_last_modified, " +
                $"mt_dotnet_type = excluded.mt_dotnet_type, mt_version = excluded.mt_version{updates}",
                Values(records.Select(r => r.Write.StreamId)), Json(records.Select(r => _serializer.ToJson(r.Record))),
                Values(records.Select(r => r.Write.NewVersion)), new NpgsqlParameter<string> { TypedValue = records.Key.FullName });
            command.Parameters.AddRange(duplicated.Select(d => d.Values(records.Select(r => r.Record))).ToArray());
            batch.BatchCommands.Add(command);
        }

        pastDays.AddRange(changes.Where(c => _keepDays.Contains(c.Write.StreamType)).SelectMany(c => c.Change.PastDays));
        if (pastDays.Count > 0)
        {
            batch.BatchCommands.Add(RecordDays.Insert(store.Options, pastDays));
        }

        // As the platform's Marten sessions do: the daemon learns of the events when the transaction commits.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PacedDaemonWakeup.Notify));

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The columns Marten duplicates out of a record's JSON (<c>Duplicate</c>: a record's first instant), each written
    /// with the record as Marten's upsert writes it, from the record's own member (null where a step of its path is).
    /// </summary>
    private DuplicatedColumn[] DuplicatedOf(Type recordType) => _duplicated.GetOrAdd(recordType, type =>
    [
        .. store.Options.FindOrResolveDocumentType(type).DuplicatedFields.Select(field =>
        {
            var leaf = field.Members[^1] is PropertyInfo property ? property.PropertyType : ((FieldInfo)field.Members[^1]).FieldType;
            if (leaf.IsEnum || Nullable.GetUnderlyingType(leaf)?.IsEnum == true)
            {
                throw new NotSupportedException($"{type.Name} duplicates {field.ColumnName}, an enum, which Marten stores by its own rules: its records cannot be written as rows.");
            }

            var steps = field.Members.Select(member =>
            {
                var owner = Expression.Parameter(typeof(object));
                var read = Expression.MakeMemberAccess(Expression.Convert(owner, member.DeclaringType!), member);
                return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), owner).Compile();
            }).ToArray();
            // Read through a member that may be null, even a value type may come back null (Marten writes null then).
            var values = field.Members.Length > 1 && leaf.IsValueType && Nullable.GetUnderlyingType(leaf) is null
                ? typeof(Nullable<>).MakeGenericType(leaf)
                : leaf;
            return new DuplicatedColumn(field.ColumnName, field.PgType, values, record => steps.Aggregate((object?)record, (value, step) => value is null ? null : step(value)));
        }),
    ]);

    private sealed record DuplicatedColumn(string Column, string PgType, Type ValueType, Func<object, object?> Read)
    {
        public NpgsqlParameter Values(IEnumerable<object> records)
        {
            var all = records.ToList();
            var values = Array.CreateInstance(ValueType, all.Count);
            for (var i = 0; i < all.Count; i++)
            {
                values.SetValue(Read(all[i]), i);
            }

            return new NpgsqlParameter { Value = values };
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T[]> Values<T>(IEnumerable<T> values) => new() { TypedValue = [.. values] };

    private static NpgsqlParameter<string?[]> Texts(IEnumerable<string?> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar };

    private static NpgsqlParameter<string?[]> Json(IEnumerable<string?> values) =>
        new() { TypedValue = [.. values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };
}

/// <summary>
/// Event bases (<c>RequestEvent</c>…) that an inline projection other than the streams' own records reads: appends of
/// such events go through Marten's session so that the projection runs in their transaction. Registered by its feature.
/// </summary>
public sealed record InlineProjectionReads(IReadOnlyList<Type> EventBases);
