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

    /// <summary>
    /// Teams per transaction: fewer, as a team's chunk stores each member's memberships through the session, and each
    /// store scans every operation queued before it (Marten's unit of work): 500 teams were 6,000 stores and a
    /// quadratic scan, 50 are about 600.
    /// </summary>
    private const int TeamChunk = 50;

    /// <summary>Chunks written at once: one more than this machine kind's cores, as each chunk also waits for the platform.</summary>
    private const int Lanes = 3;

    private readonly SearchProjection _projection = new(store.Options.DatabaseSchemaName);

    public string Projection => SearchProjection.Name;

    public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await RebuiltTables.EmptyAsync(database, [SearchIndexSchema.Table(schema), RebuiltTables.Of<SearchMemberships>(store)], cancellationToken);

        var streams = await StreamsAsync(cancellationToken);
        IEnumerable<IndexedRecords> Chunks<TRecord>(Func<Guid[], IndexedRecords> records, int size = Chunk) =>
            streams.GetValueOrDefault(typeof(TRecord), []).Chunk(size).Select(records);

        // Lanes, so that PostgreSQL stems on every core while the platform reads and words the next chunks: the teams
        // in one, in turn (a team's chunk rewrites its members' membership lines, which another team's could share), the
        // organisations, meetings and requests in the others. Then the people, whose entries name their teams, in all.
        await Task.WhenAll(
            WriteAsync(Chunks<Team>(ids => new IndexedRecords([], ids, [], [], []) { MembersToo = false }, TeamChunk), lanes: 1, cancellationToken),
            WriteAsync(
                [
                    .. Chunks<Organisation>(ids => new IndexedRecords(ids, [], [], [], [])),
                    .. Chunks<Meeting>(ids => new IndexedRecords([], [], [], ids, [])),
                    .. Chunks<CollaborationRequest>(ids => new IndexedRecords([], [], [], [], ids)),
                ],
                Lanes - 1,
                cancellationToken));
        await WriteAsync(Chunks<Person>(ids => new IndexedRecords([], [], ids, [], [])), Lanes, cancellationToken);
    }

    private Task WriteAsync(IEnumerable<IndexedRecords> chunks, int lanes, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            chunks, new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = cancellationToken },
            async (chunk, cancellation) => await WriteAsync(chunk, cancellation));

    private async Task WriteAsync(IndexedRecords chunk, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await _projection.WriteAsync(session, chunk, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
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
