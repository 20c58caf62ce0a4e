using System.Text;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using Marten;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Search's part in every erasure (ADR 0008): the person's own entry goes, and wherever else an entry spells them out
/// (a meeting or session they chaired, by name) the name is replaced, as in the records, and the entry's words computed
/// again. The index is written asynchronously from the records, so this runs once the events are masked and the records
/// folded again, and after the projection has applied every event so far: a batch that read the records before the
/// erasure has committed by then, and any later one reads them erased. A rebuild reads the masked events and agrees.
/// </summary>
public sealed class SearchErasureParticipant(IDocumentStore store, ILogger<SearchErasureParticipant> logger) : IErasureParticipant
{
    /// <summary>How long the erasure waits for the index to catch up: seconds in practice, longer only while it is rebuilt.</summary>
    private static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(30);

    public Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task AfterEventsMaskedAsync(ErasedParty party, CancellationToken cancellationToken)
    {
        await CaughtUpAsync(cancellationToken);
        var schema = store.Options.DatabaseSchemaName;
        var table = SearchIndexSchema.Table(schema);
        await using var session = store.LightweightSession();
        session.QueueSqlCommand($"delete from {table} where kind = ? and record_id = any(?)", SearchKinds.Person, party.RegistrantIds.ToArray());
        foreach (var spelling in party.Spellings)
        {
            var pattern = Literal(spelling);
            session.QueueSqlCommand($"""
                update {table} e set title = n.title, body = n.body, words = {SearchIndexSchema.Words(schema, "n.title", "n.body")}
                from (select id, regexp_replace(title, ?, ?, 'gi') as title, regexp_replace(body, ?, ?, 'gi') as body
                      from {table} where title ~* ? or body ~* ?) n
                where e.id = n.id
                """,
                pattern, PersonalData.ErasedName, pattern, PersonalData.ErasedName, pattern, pattern);
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Waits until the search projection has applied the newest event (on whichever node runs it).</summary>
    private async Task CaughtUpAsync(CancellationToken cancellationToken)
    {
        var shard = AsyncProjections.ShardOf(SearchProjection.Name);
        long newest;
        await using (var query = store.QuerySession())
        {
            newest = await EventSequence.NewestAsync(query, cancellationToken);
        }

        var deadline = DateTimeOffset.UtcNow + CatchUpLimit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var progress = await store.Advanced.AllProjectionProgress(token: cancellationToken);
            if (progress.FirstOrDefault(p => p.ShardName == shard)?.Sequence >= newest)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        logger.LogWarning("The search index had not reached event {Sequence} after {Limit}; erasing from it anyway", newest, CatchUpLimit);
    }

    /// <summary>A PostgreSQL regular expression matching <paramref name="text"/> literally: every sign but letters and digits escaped.</summary>
    private static string Literal(string text)
    {
        var pattern = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            pattern.Append(char.IsLetterOrDigit(c) ? c.ToString() : $"\\{c}");
        }

        return pattern.ToString();
    }
}
