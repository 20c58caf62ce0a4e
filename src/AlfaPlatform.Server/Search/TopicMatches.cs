using AlfaPlatform.Server.Search.Contracts;
using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Routing's questions to the index: which entries' topics hold all the words of each topic (a phrase such as "acute
/// myeloid leukaemia" matches when each of its words does, in either language). Archived records are left out.
/// </summary>
public sealed class TopicMatches(NpgsqlDataSource database, IDocumentStore store) : ITopicMatches
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> MatchAsync(string kind, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var matches = new Dictionary<Guid, IReadOnlyList<string>>();
        if (topics.Count == 0)
        {
            return matches;
        }

        var schema = store.Options.DatabaseSchemaName;
        await using var command = database.CreateCommand($"""
            select e.record_id, array_agg(t.topic order by t.position)
            from unnest(@topics::text[]) with ordinality as t(topic, position)
            join {SearchIndexSchema.Table(schema)} e
              on e.topics @@ (plainto_tsquery('{SearchIndexSchema.French(schema)}', t.topic) || plainto_tsquery('{SearchIndexSchema.English(schema)}', t.topic))
            where e.kind = @kind and e.audience <> '{SearchAudience.Staff}'
            group by e.record_id
            """);
        command.Parameters.AddWithValue("topics", topics.ToArray());
        command.Parameters.AddWithValue("kind", kind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches[reader.GetGuid(0)] = reader.GetFieldValue<string[]>(1);
        }

        return matches;
    }
}
