using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Web.Components.Widgets;

namespace AlfaPlatform.Server.Web.Components.Staff.Meetings;

/// <summary>
/// What a staff page sends to one meeting: each change on the version the page shows, so that a change made meanwhile
/// by someone else is the conflict with its reload (never a silent overwrite); then the page reads again.
/// </summary>
internal sealed class MeetingActions(WebMediator mediator)
{
    public FormProblems Problems { get; } = new();

    public bool Busy { get; private set; }

    /// <summary>True when the meeting took the change; otherwise <see cref="Problems"/> says why.</summary>
    public async Task<bool> SendAsync(MeetingChange change, Guid meetingId, long version, Func<Task> done)
    {
        Busy = true;
        try
        {
            if (!await Problems.SendAsync(() => mediator.SendAsync(change with { MeetingId = meetingId, ExpectedVersion = version }, CancellationToken.None)))
            {
                return false;
            }

            await done();
            return true;
        }
        finally
        {
            Busy = false;
        }
    }
}
