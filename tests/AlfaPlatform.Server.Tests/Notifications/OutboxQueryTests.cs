using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Linq;

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

        var plan = await QueryPlans.WithoutScansAsync(platform.ConnectionString, due);

        Assert.Contains(plan, line => line.Contains("Index Scan using mt_doc_pendingemail_idx_at", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
    }
}
