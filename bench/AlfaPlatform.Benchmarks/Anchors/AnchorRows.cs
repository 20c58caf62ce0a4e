using System.Text.Json;
using AlfaPlatform.Benchmarks.Running;
using Npgsql;
using NpgsqlTypes;

namespace AlfaPlatform.Benchmarks.Anchors;

/// <summary>
/// The anchors' table: rows shaped like an event (id, stream, version, type, a small JSON body), written with no
/// framework at all, so the platform's figures read as a fraction of what this database and machine can do.
/// </summary>
internal static class AnchorRows
{
    private const string Table = "bench.anchor_rows";

    public const string Insert = $"insert into {Table} (id, stream_id, version, type, data) values ($1, $2, $3, $4, $5)";

    public const string Copy = $"copy {Table} (id, stream_id, version, type, data) from stdin (format binary)";

    /// <summary>A new, empty table for each run, so no run writes into another's indexes.</summary>
    public static async Task RecreateAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"create schema if not exists bench; drop table if exists {Table}; " +
            $"create table {Table} (id uuid primary key, stream_id uuid not null, version integer not null, type text not null, " +
            "data jsonb not null, created timestamptz not null default now())");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Row <paramref name="index"/>'s values: what a member joining a team records.</summary>
    public static (Guid Id, Guid Stream, int Version, string Type, string Data) Row(int index) =>
        (Guid.CreateVersion7(), Guid.CreateVersion7(), 1, "member_joined_team",
         JsonSerializer.Serialize(new { personId = Guid.CreateVersion7(), role = "Engineer", on = "2024-01-15", index }));

    public static void Bind(NpgsqlParameterCollection parameters, int index)
    {
        var (id, stream, version, type, data) = Row(index);
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = stream });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = type });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Jsonb });
    }

    /// <summary>
    /// <paramref name="rows"/> split over <see cref="BenchContext.Writers"/> writers, each on its own connection
    /// (opened before the clock starts), all started together; <paramref name="write"/> writes the indexes it is given.
    /// </summary>
    public static async Task<Measurement> WriteInParallelAsync(
        NpgsqlDataSource database, int rows, Func<NpgsqlConnection, IReadOnlyList<int>, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await RecreateAsync(database, cancellationToken);
        var shares = Enumerable.Range(0, rows).GroupBy(i => i % BenchContext.Writers).Select(g => g.ToList()).ToList();
        var connections = new List<NpgsqlConnection>();
        try
        {
            foreach (var _ in shares)
            {
                connections.Add(await database.OpenConnectionAsync(cancellationToken));
            }

            return await Measurement.TimeAsync(rows, () =>
                Task.WhenAll(shares.Select((share, writer) => Task.Run(() => write(connections[writer], share, cancellationToken), cancellationToken))));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
