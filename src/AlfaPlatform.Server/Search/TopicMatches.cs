using AlfaPlatform.Server.Search.Contracts;
using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Routing's questions to the index: which entries' topics hold all the words of each topic (a phrase such as "acute
/// myeloid leukaemia" matches when each of its words does, in either language). Archived records are left out.
/// And the other way round: which focus areas a request's own words hold.
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

    public async Task<IReadOnlySet<string>> MentionedAsync(string text, IReadOnlyList<string> phrases, CancellationToken cancellationToken)
    {
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        if (phrases.Count == 0 || string.IsNullOrWhiteSpace(text))
        {
            return mentioned;
        }

        var schema = store.Options.DatabaseSchemaName;
        var (french, english) = (SearchIndexSchema.French(schema), SearchIndexSchema.English(schema));
        await using var command = database.CreateCommand($"""
            select p.phrase
            from (select to_tsvector('{french}', @text) as fr, to_tsvector('{english}', @text) as en) as words,
                 unnest(@phrases::text[]) as p(phrase)
            where words.fr @@ plainto_tsquery('{french}', p.phrase) or words.en @@ plainto_tsquery('{english}', p.phrase)
            """);
        command.Parameters.AddWithValue("text", text);
        command.Parameters.AddWithValue("phrases", phrases.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            mentioned.Add(reader.GetString(0));
        }

        return mentioned;
    }
}
