using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// One transaction, saved in steps: what PostgreSQL may refuse (a unique value, a document that exists) is saved first,
/// the events last, and all of it committed together. Marten answers a failed save that holds events with a tombstone
/// row in mt_events for each of them, written by a session of its own so it stays; a refusal met in an earlier step
/// fails a save without events, and the transaction leaves nothing behind.
/// </summary>
public sealed class RefusableWrites : IAsyncDisposable
{
    private readonly NpgsqlTransaction _transaction;

    private RefusableWrites(NpgsqlConnection connection, NpgsqlTransaction transaction, IDocumentSession session) =>
        (Connection, _transaction, Session) = (connection, transaction, session);

    /// <summary>The connection the transaction runs on, for statements of our own (locks).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>Each <see cref="SaveAsync"/> sends a step; nothing is committed before <see cref="CommitAsync"/>.</summary>
    public IDocumentSession Session { get; }

    public static async Task<RefusableWrites> BeginAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new RefusableWrites(connection, transaction, store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: false)));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Inserts <paramref name="document"/> (a unique index may refuse it), then saves what <paramref name="record"/>
    /// adds (the events) and commits both; false, with nothing written, when the database refused the document.
    /// </summary>
    public static async Task<bool> TryInsertThenRecordAsync<TDocument>(
        IDocumentStore store, TDocument document, Action<IDocumentSession> record, CancellationToken cancellationToken)
        where TDocument : notnull
    {
        await using var unit = await BeginAsync(store, cancellationToken);
        return await unit.RunAsync(async () =>
        {
            unit.Session.Insert(document);
            try
            {
                await unit.SaveAsync(cancellationToken);
            }
            catch (Exception e) when (Postgres.DatabaseErrors.IsUniqueViolation(e))
            {
                return false;
            }

            record(unit.Session);
            await unit.CommitAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>Sends a step: what the session holds, saved in the transaction, not committed.</summary>
    public Task SaveAsync(CancellationToken cancellationToken) => Session.SaveChangesAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="steps"/> on this transaction. When the database goes away after a step, Npgsql ends the
    /// transaction, and every later step says only that it is completed or disposed: that is an outage (a
    /// <see cref="NpgsqlException"/>, answered 503 outcome_unknown), not a misuse.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> steps)
    {
        try
        {
            return await steps();
        }
        catch (InvalidOperationException e) when (IsBroken)
        {
            throw new NpgsqlException("The connection to the database was lost during the transaction.", e);
        }
    }

    private bool IsBroken => Connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || Connection.State == System.Data.ConnectionState.Closed;

    /// <summary>Saves the last step (the events) and commits every step.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await SaveAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        try
        {
            await _transaction.DisposeAsync(); // rolls back what was not committed
        }
        catch (Exception) when (IsBroken)
        {
            // Nothing to roll back on a lost connection (the server ended the transaction), and the error that lost
            // it is already on its way to the caller: this one must not replace it.
        }

        await Connection.DisposeAsync();
    }
}
