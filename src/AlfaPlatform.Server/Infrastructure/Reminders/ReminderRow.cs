using Marten;

namespace AlfaPlatform.Server.Infrastructure.Reminders;

/// <summary>
/// One Orleans reminder as a Marten document: what <see cref="MartenReminderTable"/> keeps so reminders outlive the
/// silo that registered them.
/// </summary>
/// <param name="Id">The grain and the reminder name, see <see cref="IdOf"/>.</param>
/// <param name="GrainId">The grain's id as Orleans prints and parses it.</param>
/// <param name="GrainHash">
/// The grain's uniform hash code, a <see cref="uint"/> kept as a <see cref="long"/>: JSON and PostgreSQL compare it
/// as a signed 64-bit number, so every value of the ring keeps its order.
/// </param>
/// <param name="ETag">A new value on every upsert; a removal names the value it saw.</param>
public sealed record ReminderRow(
    string Id,
    string GrainId,
    long GrainHash,
    string ReminderName,
    DateTimeOffset StartAt,
    TimeSpan Period,
    string ETag)
{
    /// <summary>
    /// The grain id's length first, so no grain id and reminder name can make the id of another pair, whatever
    /// characters they hold.
    /// </summary>
    public static string IdOf(string grainId, string reminderName) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{grainId.Length}:{grainId}/{reminderName}");

    public static void ConfigureStore(StoreOptions options) =>
        options.Schema.For<ReminderRow>()
            .Index(row => row.GrainHash) // the reminder service reads its share of the ring by hash range
            .Index(row => row.GrainId);
}
