using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// Where the bytes of requests' documents are kept, apart from the events that describe them
/// (<see cref="Domain.Collaborations.DocumentAttached"/>): PostgreSQL by default (<see cref="PostgresDocumentContent"/>),
/// or an S3-compatible bucket (<see cref="S3DocumentContent"/>), chosen by <c>Documents:Storage</c> in
/// <see cref="CollaborationsModule"/>.
/// </summary>
public interface IDocumentContent
{
    /// <summary>
    /// Stores a new document's content, read to its end. False when content with this id is stored already (a retry
    /// under the same Idempotency-Key): nothing is written then.
    /// </summary>
    Task<bool> SaveAsync(Guid documentId, Guid requestId, Stream content, CancellationToken cancellationToken);

    /// <summary>The content, from its start; null when none is stored under this id.</summary>
    Task<Stream?> OpenReadAsync(Guid documentId, CancellationToken cancellationToken);

    Task DeleteAsync(Guid documentId, CancellationToken cancellationToken);
}

/// <summary>
/// The default store: a table of the platform's own database (bytea, at most 20 MB a row), created and kept up to
/// date with Marten's own tables, as the sign-in failures' table is. Backups and erasure see one database.
/// </summary>
public sealed class PostgresDocumentContent(NpgsqlDataSource dataSource, IDocumentStore store) : IDocumentContent
{
    private const string TableName = "collaboration_document_content";

    private readonly string _table = $"{store.Options.DatabaseSchemaName}.{TableName}";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("document_id", "uuid").AsPrimaryKey();
        table.AddColumn("request_id", "uuid").NotNull();
        table.AddColumn("content", "bytea").NotNull();
        table.AddColumn("stored_at", "timestamp with time zone").NotNull();
        return table;
    }

    public async Task<bool> SaveAsync(Guid documentId, Guid requestId, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        await using var command = dataSource.CreateCommand(
            $"insert into {_table} (document_id, request_id, content, stored_at) values ($1, $2, $3, now()) on conflict (document_id) do nothing");
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        command.Parameters.Add(new NpgsqlParameter { Value = requestId });
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>
        {
            NpgsqlDbType = NpgsqlDbType.Bytea,
            TypedValue = buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
        });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Stream?> OpenReadAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select content from {_table} where document_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new MemoryStream(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken), writable: false)
            : null;
    }

    public async Task DeleteAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"delete from {_table} where document_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The <c>Documents</c> settings: where the content is stored (<c>Postgres</c>, the default, or <c>S3</c>).</summary>
public sealed class DocumentOptions
{
    public const string Postgres = "Postgres";

    public const string S3Storage = "S3";

    public string Storage { get; set; } = Postgres;

    /// <summary>The bucket, when <see cref="Storage"/> is <c>S3</c>.</summary>
    public S3DocumentOptions S3 { get; set; } = new();
}
