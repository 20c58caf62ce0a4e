using Marten;
using Npgsql;
using Weasel.Core;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Rebuilds a folding projection (<see cref="IFoldsDocuments"/>) without the daemon's replay: it reads the events the
/// projection loads, a range of sequences at a time, folds them into documents kept in memory, then deletes the
/// projection's documents and writes each one once, by <c>COPY</c>. A replay loaded and wrote a batch's documents
/// back for every batch that touched them, with a transaction and a progress row for each; the fold here is the
/// same code the daemon runs, over the same events in the same order.
/// </summary>
public sealed class FoldedRebuild<TProjection>(string projection, TProjection folds, IDocumentStore store, NpgsqlDataSource database)
    : IRebuiltWithoutReplay
    where TProjection : IFoldsDocuments, IDeclaresEvents
{
    /// <summary>Sequences per read: a page of events in memory at a time, whatever the history's length.</summary>
    private const long Page = 50_000;

    public string Projection => projection;

    public async Task RebuildAsync(long highWaterMark, CancellationToken cancellationToken)
    {
        var documents = new DocumentsInMemory(store);
        var events = new StoredEventReader(store, TProjection.Events.Loaded);
        for (var from = 0L; from < highWaterMark; from += Page)
        {
            await folds.FoldAsync(documents, await events.ReadAsync(database, from, Math.Min(from + Page, highWaterMark), cancellationToken), cancellationToken);
        }

        foreach (var type in TProjection.Documents)
        {
            await store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, cancellationToken);
        }

        await store.BulkInsertDocumentsAsync(documents.All, BulkInsertMode.InsertsOnly, batchSize: 5_000, cancellationToken);
    }
}
