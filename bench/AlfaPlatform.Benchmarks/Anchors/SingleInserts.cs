using AlfaPlatform.Benchmarks.Running;
using Npgsql;

namespace AlfaPlatform.Benchmarks.Anchors;

/// <summary>A1, the reference every ratio is relative to: one INSERT, one transaction (autocommit), 8 writers.</summary>
internal sealed class SingleInserts : IScenario
{
    public const string ReferenceId = "A1";

    public string Id => ReferenceId;

    public string Group => "anchors";

    public string Title => $"raw Npgsql, 1 insert per transaction, {BenchContext.Writers} writers";

    public Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken) =>
        AnchorRows.WriteInParallelAsync(bench.Database, size, async (connection, indexes, ct) =>
        {
            foreach (var index in indexes)
            {
                await using var insert = new NpgsqlCommand(AnchorRows.Insert, connection);
                AnchorRows.Bind(insert.Parameters, index);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }, cancellationToken);
}
