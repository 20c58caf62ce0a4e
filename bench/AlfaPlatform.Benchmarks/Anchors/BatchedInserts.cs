using AlfaPlatform.Benchmarks.Running;
using Npgsql;

namespace AlfaPlatform.Benchmarks.Anchors;

/// <summary>A2: 100 INSERTs per transaction, sent as one batch, 8 writers: what grouping commits buys.</summary>
internal sealed class BatchedInserts : IScenario
{
    private const int PerTransaction = 100;

    public string Id => "A2";

    public string Group => "anchors";

    public string Title => $"raw Npgsql, {PerTransaction} inserts per transaction, {BenchContext.Writers} writers";

    public Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken) =>
        AnchorRows.WriteInParallelAsync(bench.Database, size, async (connection, indexes, ct) =>
        {
            foreach (var chunk in indexes.Chunk(PerTransaction))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var index in chunk)
                {
                    var insert = new NpgsqlBatchCommand(AnchorRows.Insert);
                    AnchorRows.Bind(insert.Parameters, index);
                    batch.BatchCommands.Add(insert);
                }

                await batch.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }, cancellationToken);
}
