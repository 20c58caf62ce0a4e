using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>How a rebuild without replay (<see cref="IRebuiltWithoutReplay"/>) empties the tables it writes again.</summary>
public static class RebuiltTables
{
    /// <summary>A document type's table, by its qualified name.</summary>
    public static string Of<TDocument>(IDocumentStore store) =>
        store.Options.FindOrResolveDocumentType(typeof(TDocument)).TableName.QualifiedName;

    /// <summary>
    /// Empties <paramref name="tables"/> in one statement, by truncation, as Marten's cleaner empties the folded
    /// dashboards' documents (<see cref="FoldedRebuild{TProjection}"/>). A delete would write a dead version of every
    /// row (over a million for the activity feed of a long history), which the rebuild's inserts then wade through in
    /// the indexes until a vacuum. A truncation holds an exclusive lock until it commits, so a read of the table waits
    /// an instant; and, unlike a delete, it also empties the table for a transaction whose snapshot is older, which
    /// sees what a rebuild shows anyway: an empty read model, filling.
    /// </summary>
    public static async Task EmptyAsync(NpgsqlDataSource database, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        await using var truncate = database.CreateCommand($"truncate {string.Join(", ", tables)}");
        await truncate.ExecuteNonQueryAsync(cancellationToken);
    }
}
