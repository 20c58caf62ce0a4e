using System.Globalization;
using Marten;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Reminders;

/// <summary>
/// Orleans' reminder table kept as <see cref="ReminderRow"/> documents in the platform's one Marten store, so a
/// reminder registered by a grain is still there after every silo has restarted.
/// </summary>
public sealed class MartenReminderTable(IDocumentStore store) : IReminderTable
{
    // Removal must compare and delete in one statement: a row upserted in between keeps its new etag and stays.
    // 'eTag' is ReminderRow.ETag under the store's camelCase serializer (ReminderTableTests remove by it).
    private readonly string _deleteWhenETagMatches =
        $"delete from {store.Options.FindOrResolveDocumentType(typeof(ReminderRow)).TableName.QualifiedName} " +
        "where id = @id and data ->> 'eTag' = @etag";

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var grain = grainId.ToString();
        await using var session = store.QuerySession();
        var rows = await session.Query<ReminderRow>().Where(row => row.GrainId == grain).ToListAsync(cancellationToken);
        return ToData(rows);
    }

    /// <summary>
    /// The rows whose grain hash is in the ring range (begin, end]; when begin is not below end the range wraps
    /// past the top of the ring (hash above begin or at most end), and begin equal to end is the whole ring
    /// (as Orleans' own <c>SingleRange.InRange</c> and the ADO.NET provider's two range queries).
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc cref="ReadRows(uint, uint)"/>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        long after = begin, upTo = end;
        await using var session = store.QuerySession();
        var query = begin < end
            ? session.Query<ReminderRow>().Where(row => row.GrainHash > after && row.GrainHash <= upTo)
            : session.Query<ReminderRow>().Where(row => row.GrainHash > after || row.GrainHash <= upTo);
        return ToData(await query.ToListAsync(cancellationToken));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var row = await session.LoadAsync<ReminderRow>(ReminderRow.IdOf(grainId.ToString(), reminderName), cancellationToken);
        return row is null ? null : ToEntry(row);
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var grain = entry.GrainId.ToString();
        var row = new ReminderRow(
            ReminderRow.IdOf(grain, entry.ReminderName),
            grain,
            entry.GrainId.GetUniformHashCode(),
            entry.ReminderName,
            AsUtc(entry.StartAt),
            entry.Period,
            Guid.NewGuid().ToString("N"));
        await using var session = store.LightweightSession();
        session.Store(row);
        await session.SaveChangesAsync(cancellationToken);
        return row.ETag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await using var command = new NpgsqlCommand(_deleteWhenETagMatches);
        command.Parameters.AddWithValue("id", ReminderRow.IdOf(grainId.ToString(), reminderName));
        command.Parameters.AddWithValue("etag", eTag);
        return await session.ExecuteAsync(command, cancellationToken) == 1;
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        store.Advanced.Clean.DeleteDocumentsByTypeAsync(typeof(ReminderRow), cancellationToken);

    private static ReminderTableData ToData(IEnumerable<ReminderRow> rows) => new(rows.Select(ToEntry));

    private static ReminderEntry ToEntry(ReminderRow row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId, CultureInfo.InvariantCulture),
        ReminderName = row.ReminderName,
        StartAt = row.StartAt.UtcDateTime,
        Period = row.Period,
        ETag = row.ETag,
    };

    /// <summary>Orleans computes start times from <see cref="DateTime.UtcNow"/>; an unspecified kind is read as UTC.</summary>
    private static DateTimeOffset AsUtc(DateTime startAt) => startAt.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(startAt.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(startAt, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
