using Npgsql;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>PostgreSQL's plan for a statement the platform sends, with sequential scans forbidden.</summary>
public static class QueryPlans
{
    /// <summary>
    /// The plan's lines. A test's tables are nearly empty, and a scan of them is cheaper than any index: forbidden, the
    /// plan shows whether an index can serve the statement at all.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WithoutScansAsync(string connectionString, NpgsqlCommand statement)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var noScans = new NpgsqlCommand("set enable_seqscan = off", connection))
        {
            await noScans.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("explain " + statement.CommandText, connection);
        foreach (NpgsqlParameter parameter in statement.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}
