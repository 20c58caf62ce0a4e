using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;
using Ical.Net;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>The iCalendar feed, read back with a standard iCalendar library as a calendar application would.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingCalendarFeedTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_meetings_ics_carries_its_local_times_under_its_time_zone_and_the_right_utc_instants()
    {
        var meeting = await platform.Client.CreateMeetingAsync("ASH in San Diego", start: "2024-12-07T08:00:00", end: "2024-12-10T17:00:00", timeZone: "America/Los_Angeles");
        await platform.Client.StepAsync(meeting, "publish");

        var response = await platform.Anonymous.GetAsync($"/api/meetings/{meeting}.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = Calendar.Load(text)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal("ASH in San Diego", e.Summary);
        Assert.Equal($"{meeting}@alfa-platform", e.Uid);
        Assert.Equal("America/Los_Angeles", e.DtStart!.TzId);
        Assert.Equal(new DateTime(2024, 12, 7, 8, 0, 0), e.DtStart.Value);
        Assert.Equal(new DateTime(2024, 12, 7, 16, 0, 0, DateTimeKind.Utc), e.DtStart.AsUtc); // PST = UTC-8
        Assert.Equal(new DateTime(2024, 12, 11, 1, 0, 0, DateTimeKind.Utc), e.DtEnd!.AsUtc);
        Assert.Contains(calendar.TimeZones, tz => tz.TzId == "America/Los_Angeles");
        Assert.Contains("DTSTART;TZID=America/Los_Angeles:20241207T080000", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_public_feed_holds_public_meetings_past_and_upcoming_and_no_draft_or_members_only_one()
    {
        var past = await platform.Client.CreateMeetingAsync("Past public", start: "2024-11-13T09:00:00", end: "2024-11-13T18:00:00", timeZone: "Europe/Paris");
        var upcoming = await platform.Client.CreateMeetingAsync("Upcoming public", start: "2030-06-04T09:00:00", end: "2030-06-04T18:00:00", timeZone: "Europe/Paris");
        var membersOnly = await platform.Client.CreateMeetingAsync("Board", visibility: "MembersOnly");
        var draft = await platform.Client.CreateMeetingAsync("Still a draft");
        foreach (var id in new[] { past, upcoming, membersOnly })
        {
            await platform.Client.StepAsync(id, "publish");
        }

        var feed = await platform.Anonymous.GetAsync("/api/meetings.ics");

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var calendar = Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var uids = calendar.Events.Select(e => e.Uid).ToHashSet();
        Assert.Contains($"{past}@alfa-platform", uids);
        Assert.Contains($"{upcoming}@alfa-platform", uids);
        Assert.DoesNotContain($"{membersOnly}@alfa-platform", uids);
        Assert.DoesNotContain($"{draft}@alfa-platform", uids);
        // Summer time in Paris: UTC+2.
        var summer = calendar.Events.Single(e => e.Uid == $"{upcoming}@alfa-platform");
        Assert.Equal(new DateTime(2030, 6, 4, 7, 0, 0, DateTimeKind.Utc), summer.DtStart!.AsUtc);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Anonymous.GetAsync($"/api/meetings/{membersOnly}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Anonymous.GetAsync($"/api/meetings/{draft}.ics")).StatusCode);
    }
}
