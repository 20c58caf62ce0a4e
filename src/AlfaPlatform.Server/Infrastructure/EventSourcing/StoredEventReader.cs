using System.Data.Common;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Reads stored events of some types with only what a fold reads of them: sequence, stream, version, instant and
/// data. Marten's own event query also reads and deserialises each event's metadata (its headers, correlation,
/// causation and user), one async call per column, which a fold never looks at. A rebuild reads every event its
/// projection loads, a range of sequences at a time; a list "as of" a date reads every stream of a kind up to then.
/// </summary>
public sealed class StoredEventReader
{
    private const string Columns = "seq_id, stream_id, version, timestamp, type, data";

    private readonly ISerializer _serializer;
    private readonly Dictionary<string, EventMapping> _mappings;
    private readonly string[] _typeNames;
    private readonly string _events;

    public StoredEventReader(IDocumentStore store, IEnumerable<Type> types)
    {
        var events = (EventGraph)store.Options.Events;
        _serializer = store.Options.Serializer();
        _mappings = types.Select(events.EventMappingFor).ToDictionary(mapping => mapping.EventTypeName);
        _typeNames = [.. _mappings.Keys];
        _events = $"{events.DatabaseSchemaName}.mt_events";
    }

    /// <summary>The events of the reader's types with a sequence in (<paramref name="after"/>, <paramref name="upTo"/>], in order.</summary>
    public async Task<List<IEvent>> ReadAsync(NpgsqlDataSource database, long after, long upTo, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select {Columns} from {_events} where type = any($1) and seq_id > $2 and seq_id <= $3 and is_archived = false order by seq_id"); // as the daemon loads them
        command.Parameters.Add(new NpgsqlParameter { Value = _typeNames });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(reader, cancellationToken);
    }

    /// <summary>
    /// Every event of <paramref name="streams"/> stamped up to <paramref name="upTo"/>, by stream and version, as
    /// Marten's fetch of each stream up to a time would give them: one statement for them all. An event of a type the
    /// reader was not given is read as <see cref="OtherEvent"/>.
    /// </summary>
    public async Task<List<IEvent>> ReadStreamsAsync(IQuerySession session, IEnumerable<Guid> streams, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select {Columns} from {_events} where stream_id = any($1) and timestamp <= $2 order by stream_id, version");
        command.Parameters.Add(new NpgsqlParameter { Value = streams.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        await using var reader = await session.ExecuteReaderAsync(command, cancellationToken);
        return await ReadAllAsync(reader, cancellationToken);
    }

    private async Task<List<IEvent>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var read = new List<IEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // The row is in Npgsql's buffer once read (not sequential access): its columns are read without waiting.
            var type = reader.GetString(4);
            var e = _mappings.TryGetValue(type, out var mapping)
                ? mapping.Wrap(_serializer.FromJson(mapping.DocumentType, reader, 5))
                : new Event<OtherEvent>(new OtherEvent(type));
            e.Sequence = reader.GetInt64(0);
            e.StreamId = reader.GetGuid(1);
            e.Version = reader.GetInt64(2);
            e.Timestamp = reader.GetFieldValue<DateTimeOffset>(3);
            read.Add(e);
        }

        return read;
    }
}

/// <summary>An event of a type the reader was not asked for, named by its stored type: no fold of the reader's kind takes it.</summary>
public sealed record OtherEvent(string Type);
