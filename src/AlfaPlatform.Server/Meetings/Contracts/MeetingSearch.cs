using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Search.Contracts;
using Marten.Services.BatchQuerying;

namespace AlfaPlatform.Server.Meetings.Contracts;

/// <summary>
/// Meetings' search entries: the meeting, and each programme session with the contributions accepted into it, found
/// as the meeting is (drafts by staff, members-only meetings by the network, public ones by anyone signed in).
/// </summary>
public static class MeetingSearch
{
    /// <summary>
    /// Each meeting's entries, once <paramref name="batch"/> has run: its own first, then its sessions' (the index
    /// drops sessions no longer there).
    /// </summary>
    public static async Task<IReadOnlyList<(Guid MeetingId, IReadOnlyList<SearchEntry> Entries)>> EntriesAsync(
        IBatchedQuery batch, IReadOnlyCollection<Guid> ids) =>
        [.. (await batch.LoadMany<StreamRecord<Meeting>>().ByIdList(ids))
            .Select(r => (r.Id, (IReadOnlyList<SearchEntry>)[Entry(r.State), .. r.State.Sessions.Select(s => Entry(r.State, s))]))];

    private static SearchEntry Entry(Meeting meeting) => new(
        SearchEntry.Key(SearchKinds.Meeting, meeting.Id), SearchKinds.Meeting, meeting.Id, meeting.Details.Title,
        SearchEntry.Sentence([SearchEntry.Words(meeting.Details.Kind), meeting.Details.Description, meeting.Place.Venue?.Name,
            meeting.Place.Venue?.City, $"{meeting.Time.Start:yyyy-MM-dd}", .. meeting.Details.Chairs.Select(c => c.Name)]),
        string.Empty,
        Audience(meeting));

    private static SearchEntry Entry(Meeting meeting, Session session) => new(
        SearchEntry.Key(SearchKinds.Session, session.Id), SearchKinds.Session, meeting.Id, session.Title,
        SearchEntry.Sentence([meeting.Details.Title, SearchEntry.Words(session.Kind), session.Room, .. session.Chairs.Select(c => c.Name),
            .. meeting.Contributions.Where(c => c.SessionId == session.Id && c.Status == ContributionStatus.Accepted)
                .SelectMany(c => new[] { c.Title, string.Join(", ", c.Authors) })]),
        string.Empty,
        Audience(meeting));

    private static string Audience(Meeting meeting) =>
        meeting.Status == MeetingStatus.Draft ? SearchAudience.Staff
        : meeting.Details.Visibility == MeetingVisibility.Public ? SearchAudience.Everyone
        : SearchAudience.Network;
}
