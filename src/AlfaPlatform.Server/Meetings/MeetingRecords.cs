using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Meetings;

internal static class MeetingRecords
{
    /// <summary>
    /// The record, live or as of a date, when the caller may see it both now and as it was then: a meeting that is
    /// members-only (or a draft) now is hidden from those who may not see it at any date.
    /// </summary>
    public static async Task<StreamRecord<Meeting>?> OpenAsync(IQuerySession session, MeetingAccess access, Guid id, DateOnly? asOf, CancellationToken cancellationToken)
    {
        if (await access.OpenAsync(id, cancellationToken) is not { } current)
        {
            return null;
        }

        if (asOf is not { } day)
        {
            return current;
        }

        var then = await StreamHistory.AsOfAsync<Meeting>(session, id, day, cancellationToken);
        return then is not null && access.MaySee(then.State) ? then : null;
    }
}
