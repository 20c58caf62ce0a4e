using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Reads stored events of some types, a range of sequences at a time, with only what a projection's fold reads of
/// them: sequence, stream, version, instant and data. A rebuild reads every event its projection loads; Marten's own
/// query also reads and deserialises each event's metadata (its headers, correlation, causation and user), one async
/// call per column, which a fold never looks at.
/// </summary>
public sealed class StoredEventReader
{
    private readonly NpgsqlDataSource _database;
    private readonly ISerializer _serializer;
    private readonly Dictionary<string, EventMapping> _mappings;
    private readonly string[] _typeNames;
    private readonly string _select;

    public StoredEventReader(IDocumentStore store, NpgsqlDataSource database, IEnumerable<Type> types)
    {
        var events = (EventGraph)store.Options.Events;
        _database = database;
        _serializer = store.Options.Serializer();
        _mappings = types.Select(events.EventMappingFor).ToDictionary(mapping => mapping.EventTypeName);
        _typeNames = [.. _mappings.Keys];
        _select = "select seq_id, stream_id, version, timestamp, type, data " +
                  $"from {events.DatabaseSchemaName}.mt_events " +
                  "where type = any($1) and seq_id > $2 and seq_id <= $3 and is_archived = false order by seq_id"; // as the daemon loads them
    }

    /// <summary>The events of the reader's types with a sequence in (<paramref name="after"/>, <paramref name="upTo"/>], in order.</summary>
    public async Task<List<IEvent>> ReadAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(_select);
        command.Parameters.Add(new NpgsqlParameter { Value = _typeNames });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        var read = new List<IEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The row is in Npgsql's buffer once read (not sequential access): its columns are read without waiting.
            var mapping = _mappings[reader.GetString(4)];
            var e = mapping.Wrap(_serializer.FromJson(mapping.DocumentType, reader, 5));
            e.Sequence = reader.GetInt64(0);
            e.StreamId = reader.GetGuid(1);
            e.Version = reader.GetInt64(2);
            e.Timestamp = reader.GetFieldValue<DateTimeOffset>(3);
            read.Add(e);
        }

        return read;
    }
}
