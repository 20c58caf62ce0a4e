using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Linq;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Notifications;

/// <summary>The mailer's round reads its batch of the outbox, not every pending email, however many wait.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxQueryTests(PlatformFixture platform)
{
    [Fact]
    public async Task the_outbox_is_read_oldest_first_through_an_index_not_by_sorting_every_pending_email()
    {
        await using var session = platform.Store.QuerySession();
        await session.Query<PendingEmail>().AnyAsync(); // the table and its indexes exist
        var due = NotificationMailer.Due(session, DateTimeOffset.UtcNow).ToCommand(FetchType.FetchMany);

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        // A nearly empty table is cheaper to scan: forbid the scan to learn whether an index can serve the order.
        await using (var noScans = new NpgsqlCommand("set enable_seqscan = off", connection))
        {
            await noScans.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("explain " + due.CommandText, connection);
        foreach (NpgsqlParameter parameter in due.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("Index Scan using mt_doc_pendingemail_idx_at", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }
}
