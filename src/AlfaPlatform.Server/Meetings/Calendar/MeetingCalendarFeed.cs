using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// Meetings as iCalendar (RFC 5545), for calendar applications to import or subscribe to: each meeting an event
/// with its local start and end under TZID and a VTIMEZONE per zone used, so the applications place it at the right
/// instant; a stable UID per meeting and a SEQUENCE counting its date and place changes, so an update replaces it.
/// </summary>
public static class MeetingCalendarFeed
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>Every meeting the caller may see, past and upcoming (anonymously: the public ones), drafts left out.</summary>
    public sealed record Query(Guid? MeetingId = null) : IQuery<string?>;

    public sealed class Handler(IQuerySession session, MeetingAccess access) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query query, CancellationToken cancellationToken)
        {
            List<StreamRecord<Meeting>> meetings;
            if (query.MeetingId is { } id)
            {
                if (await access.OpenAsync(id, cancellationToken) is not { } one || one.State.Status == MeetingStatus.Draft)
                {
                    return null;
                }

                meetings = [one];
            }
            else
            {
                var visible = access.Visible();
                meetings = [.. (await session.Query<StreamRecord<Meeting>>().Where(visible).ToListAsync(cancellationToken))
                    .Where(m => m.State.Status != MeetingStatus.Draft).OrderBy(m => m.State.StartsAt)];
            }

            return Write(meetings);
        }
    }

    public static string Write(IReadOnlyList<StreamRecord<Meeting>> meetings)
    {
        var calendar = new Calendar { ProductId = "-//OPALE network//AlfaPlatform meetings//EN" };
        calendar.AddProperty("X-WR-CALNAME", "OPALE network meetings");
        foreach (var zone in meetings.GroupBy(m => m.State.Time.TimeZone))
        {
            var earliest = zone.Min(m => m.State.Time.Start).AddYears(-1);
            calendar.AddTimeZone(zone.Key, earliest, includeHistoricalData: false);
        }

        foreach (var record in meetings)
        {
            var m = record.State;
            var description = string.Join("\n\n", new[]
            {
                m.Details.Description,
                m.Details.Chairs.Count > 0 ? "Chairs: " + string.Join(", ", m.Details.Chairs.Select(c => c.Name)) : null,
                m.CancellationReason is { } reason ? "Cancelled: " + reason : null,
            }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var e = new CalendarEvent
            {
                Uid = $"{m.Id}@alfa-platform",
                Summary = m.Details.Title,
                DtStart = new CalDateTime(m.Time.Start, m.Time.TimeZone, hasTime: true),
                DtEnd = new CalDateTime(m.Time.End, m.Time.TimeZone, hasTime: true),
                DtStamp = new CalDateTime(record.UpdatedAt.UtcDateTime, "UTC", hasTime: true),
                Location = m.Place.Venue is null ? "Online" : m.Place.ToString(),
                Status = m.Status == MeetingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                // Date and place changes, and the cancellation: each makes calendar applications replace the entry.
                Sequence = m.Changes.Count + (m.Status == MeetingStatus.Cancelled ? 1 : 0),
                Description = description.Length == 0 ? null : description,
            };
            e.Categories.Add(m.Details.Kind.ToString());
            if (m.Place.OnlineUrl is { } url)
            {
                e.Url = new Uri(url);
            }

            calendar.Events.Add(e);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
