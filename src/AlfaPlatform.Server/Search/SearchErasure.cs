using System.Text;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.People.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using Marten;

namespace AlfaPlatform.Server.Search;

/// <summary>
/// Search's part in every erasure (ADR 0008), in the erasure's transaction: the person's own entry goes, and wherever
/// else an entry spells them out (a meeting or session they chaired, by name) the name is replaced, as in the
/// records, and the entry's words computed again. Erasure masks events in place without appending any, so the
/// projection would not come back to those entries by itself; a rebuild reads the masked events and agrees.
/// </summary>
public sealed class SearchErasureParticipant : IErasureParticipant
{
    public Task RemoveFromDocumentsAsync(IDocumentSession session, ErasedParty party, CancellationToken cancellationToken)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var table = SearchIndexSchema.Table(schema);
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

        return Task.CompletedTask;
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
