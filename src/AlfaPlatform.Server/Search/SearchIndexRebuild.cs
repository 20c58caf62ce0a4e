using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Marten.Events;
using Npgsql;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Rebuilds the search index from the records instead of the events. An entry is written whole from its record as it
/// is now, so a replay ends with one entry per record, written again for each batch that touched it, each time with
/// its words stemmed in two languages: here each record's entry is written once. Teams go before people, whose
/// entries name their teams.
/// </summary>
public sealed class SearchIndexRebuild(IDocumentStore store, NpgsqlDataSource database) : IRebuiltWithoutReplay
{
    /// <summary>Records per transaction: a statement of a few hundred entries, as a batch of events writes.</summary>
    private const int Chunk = 500;

    private readonly SearchProjection _projection = new(store.Options.DatabaseSchemaName);

    public string Projection => SearchProjection.Name;

    public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand($"delete from {SearchIndexSchema.Table(schema)}");
            session.DeleteWhere<SearchMemberships>(_ => true);
            await session.SaveChangesAsync(cancellationToken);
        }

        var streams = await StreamsAsync(cancellationToken);
        IReadOnlyList<Guid> Of<TRecord>() => streams.GetValueOrDefault(typeof(TRecord), []);
        await WriteAsync(Of<Organisation>(), ids => new IndexedRecords(ids, [], [], [], []), cancellationToken);
        await WriteAsync(Of<Meeting>(), ids => new IndexedRecords([], [], [], ids, []), cancellationToken);
        await WriteAsync(Of<CollaborationRequest>(), ids => new IndexedRecords([], [], [], [], ids), cancellationToken);
        await WriteAsync(Of<Team>(), ids => new IndexedRecords([], ids, [], [], []) { MembersToo = false }, cancellationToken);
        await WriteAsync(Of<Person>(), ids => new IndexedRecords([], [], ids, [], []), cancellationToken);
    }

    private async Task WriteAsync(IReadOnlyList<Guid> ids, Func<Guid[], IndexedRecords> records, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(Chunk))
        {
            await using var session = store.LightweightSession();
            await _projection.WriteAsync(session, records(chunk), cancellationToken);
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Every record's stream, by the record's type (a stream is named after the record it holds).</summary>
    private async Task<Dictionary<Type, List<Guid>>> StreamsAsync(CancellationToken cancellationToken)
    {
        var events = (EventGraph)store.Options.Events;
        var kinds = new[] { typeof(Organisation), typeof(Meeting), typeof(CollaborationRequest), typeof(Team), typeof(Person) }
            .ToDictionary(events.AggregateAliasFor);
        await using var command = database.CreateCommand(
            $"select type, id from {events.DatabaseSchemaName}.mt_streams where type = any($1) order by id");
        command.Parameters.Add(new NpgsqlParameter { Value = kinds.Keys.ToArray() });
        var streams = new Dictionary<Type, List<Guid>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = kinds[reader.GetString(0)];
            (streams.TryGetValue(kind, out var ids) ? ids : streams[kind] = []).Add(reader.GetGuid(1));
        }

        return streams;
    }
}
