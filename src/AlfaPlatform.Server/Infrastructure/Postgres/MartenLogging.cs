using Marten;
using Marten.Services;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>
/// Marten's logging without the values: Marten's own logger writes a failed command with every parameter (the
/// events and documents it carried: emails, names) at error level, and at debug level every command that succeeds.
/// This one says which statement failed and why (SQL state, constraint), never with what; whoever handles the failure
/// decides whether it is an error (a unique value taken in a race is a refusal, answered 409).
/// </summary>
public sealed partial class MartenLogging(ILogger<MartenLogging> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => LogSchemaChange(sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => LogCommandFailed(ex.GetType().Name, Reason(ex), Statement(command.CommandText));

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        LogCommandFailed(ex.GetType().Name, Reason(ex), (ex as PostgresException)?.BatchCommand?.CommandText is { } failed ? Statement(failed) : $"a batch of {batch.BatchCommands.Count}");

    public void LogFailure(Exception ex, string message) => LogCommandFailed(ex.GetType().Name, Reason(ex), message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    /// <summary>
    /// PostgreSQL's code and the table and constraint it names: what went wrong, never with which values (its message
    /// may quote one, as "invalid input syntax for type uuid" does, so it is left out; Npgsql redacts the detail).
    /// </summary>
    private static string Reason(Exception exception) => exception is PostgresException postgres
        ? $"SQL state {postgres.SqlState}, table {postgres.TableName ?? "-"}, constraint {postgres.ConstraintName ?? "-"}"
        : "see the caller's log";

    /// <summary>A statement's first line (at most 200 characters): which table or function, never its parameters.</summary>
    private static string Statement(string sql)
    {
        var line = sql.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A database command failed ({Exception}: {Reason}): {Statement}")]
    private partial void LogCommandFailed(string exception, string reason, string statement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed schema update SQL:\n{Sql}")]
    private partial void LogSchemaChange(string sql);
}
