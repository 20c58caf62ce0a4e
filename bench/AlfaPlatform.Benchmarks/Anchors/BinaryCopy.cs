using AlfaPlatform.Benchmarks.Running;
using Npgsql;
using NpgsqlTypes;

namespace AlfaPlatform.Benchmarks.Anchors;

/// <summary>A3: every row in one binary COPY on one connection: the most this database takes in.</summary>
internal sealed class BinaryCopy : IScenario
{
    public string Id => "A3";

    public string Group => "anchors";

    public string Title => "Npgsql binary COPY, 1 writer";

    public Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken) =>
        CopyAsync(bench.Database, size, cancellationToken);

    /// <summary>A3's work: <paramref name="size"/> anchor rows in one binary COPY into a new table (P6 compares its rebuild with it).</summary>
    public static async Task<Measurement> CopyAsync(NpgsqlDataSource database, int size, CancellationToken cancellationToken)
    {
        await AnchorRows.RecreateAsync(database, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await Measurement.TimeAsync(size, async () =>
        {
            await using var copy = await connection.BeginBinaryImportAsync(AnchorRows.Copy, cancellationToken);
            for (var index = 0; index < size; index++)
            {
                var (id, stream, version, type, data) = AnchorRows.Row(index);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(stream, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(version, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(type, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(data, NpgsqlDbType.Jsonb, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        });
    }
}
