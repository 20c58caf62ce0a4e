using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Meetings.Contracts;

/// <summary>
/// A meeting as other features may know it (notifications address theirs with it): its title, whether published,
/// its active registrants (pending approval, seated or waiting) in arrival order, and the stream version it reflects.
/// </summary>
public sealed record MeetingSummary(Guid Id, long Version, string Title, bool IsPublished, IReadOnlyList<Guid> ActiveRegistrants);

/// <summary>
/// The meetings' published read, instead of their records. Takes the reader's session: a projection reads in the
/// transaction it writes in (inline, the committed state before the events in hand).
/// </summary>
public static class MeetingSummaries
{
    public static async Task<MeetingSummary?> FindAsync(IQuerySession session, Guid meetingId, CancellationToken cancellationToken) =>
        await session.LoadAsync<StreamRecord<Meeting>>(meetingId, cancellationToken) is { } record
            ? new MeetingSummary(
                record.Id, record.Version, record.State.Details.Title, record.State.IsPublished,
                [.. record.State.Registrations.Where(r => r.IsActive).OrderBy(r => r.Arrival).Select(r => r.Registrant.Id)])
            : null;
}
