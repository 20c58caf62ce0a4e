using System.Globalization;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Marten.Events;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>What staff may send that used to answer 500 or be taken silently, and what registrants keep when a meeting changes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingInputTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_session_at_a_local_time_the_clocks_skip_is_a_400_naming_the_field_and_the_programme_still_reads()
    {
        var meeting = await platform.Client.CreateMeetingAsync("Spring forward", start: "2026-03-28T09:00:00", end: "2026-03-29T17:00:00", timeZone: "Europe/Paris");

        var skipped = await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions", new
        {
            title = "Night session", kind = "Other", start = "2026-03-29T02:30:00", end = "2026-03-29T04:00:00",
        });

        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.True((await skipped.ProblemAsync()).GetProperty("errors").TryGetProperty("start", out _));

        // Moving a meeting into another zone can leave a session on a skipped time: reading it never fails.
        var london = await platform.Client.CreateMeetingAsync("Moved zone", start: "2026-03-29T00:00:00", end: "2026-03-29T17:00:00", timeZone: "Europe/Zurich");
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{london}/sessions", new
        {
            title = "Early", kind = "Other", start = "2026-03-29T01:30:00", end = "2026-03-29T03:00:00",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{london}/schedule", new
        {
            start = "2026-03-29T00:00:00", end = "2026-03-29T17:00:00", timeZone = "Europe/London",
        })).StatusCode);
        var programme = await platform.Client.GetJsonAsync($"/api/meetings/{london}/programme");
        // 01:30 in London that night is skipped (01:00 → 02:00): read forward by the gap, 02:30 BST = 01:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), programme.GetProperty("sessions")[0].GetProperty("startsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task a_meeting_with_partner_registrants_cannot_become_members_only()
    {
        var meeting = await platform.Client.OpenMeetingAsync();
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);
        var registered = await (await partner.RegisterAsync(meeting)).ReadAsync<JsonElement>();

        var change = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/details", new
        {
            title = "Annual symposium", kind = "Congress", capacity = 100, visibility = "MembersOnly",
        });

        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal("partner_registrations", (await change.ProblemAsync()).GetProperty("code").GetString());
        var registrant = registered.GetProperty("registrantId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.PostAsync($"/api/meetings/{meeting}/registrations/{registrant}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/details", new
        {
            title = "Annual symposium", kind = "Congress", capacity = 100, visibility = "MembersOnly",
        })).StatusCode);
    }

    [Theory]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Europe/","online":true}""", "timeZone")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Europe/Paris","online":true,"chairs":[null]}""", "chairs")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"9999-12-31T17:00:00","timeZone":"Europe/Paris","online":true}""", "end")]
    public async Task bad_meetings_that_used_to_fail_are_a_400_naming_the_field(string body, string field)
    {
        var response = await platform.Client.SendRawAsync(HttpMethod.Post, "/api/meetings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith(field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task a_null_session_chair_is_a_400()
    {
        var meeting = await platform.Client.CreateMeetingAsync();

        var response = await platform.Client.SendRawAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions",
            """{"title":"X","kind":"Other","start":"2025-11-19T10:00:00","end":"2025-11-19T11:00:00","chairs":[null]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task details_without_a_visibility_are_a_400_and_a_members_only_meeting_stays_so()
    {
        var meeting = await platform.Client.CreateMeetingAsync(visibility: "MembersOnly");

        var response = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/details", new { title = "Board", kind = "BoardMeeting" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("visibility", out _));
        Assert.Equal("MembersOnly", (await platform.Client.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task a_cancelled_meeting_gets_a_new_sequence_and_cancelled_status_in_icalendar()
    {
        var meeting = await platform.Client.CreateMeetingAsync("To be cancelled");
        await platform.Client.StepAsync(meeting, "publish");
        var before = Assert.Single(Ical.Net.Calendar.Load(await (await platform.Anonymous.GetAsync($"/api/meetings/{meeting}.ics")).Content.ReadAsStringAsync())!.Events);

        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/cancel", new { reason = "venue closed" })).StatusCode);

        var after = Assert.Single(Ical.Net.Calendar.Load(await (await platform.Anonymous.GetAsync($"/api/meetings/{meeting}.ics")).Content.ReadAsStringAsync())!.Events);
        Assert.Equal("CANCELLED", after.Status);
        Assert.True(after.Sequence > before.Sequence, $"SEQUENCE {after.Sequence} after cancelling, {before.Sequence} before");
    }

    [Fact]
    public async Task a_submitted_contributions_location_answers_its_submitter_and_staff()
    {
        var meeting = await platform.Client.CreateMeetingAsync("Location");
        await platform.Client.StepAsync(meeting, "publish");
        var (member, _) = await platform.SignInAsLinkedMemberAsync("Lou", "Cation");
        using var other = await platform.SignInAsAsync(["member"]);

        var submitted = await member.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions", new { title = "Where", @abstract = "Here." });

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var location = submitted.Headers.Location!.ToString();
        Assert.Equal(id, (await member.GetJsonAsync(location)).GetProperty("id").GetGuid());
        Assert.Equal(id, (await platform.Client.GetJsonAsync(location)).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task a_meeting_later_today_is_upcoming_on_the_live_meetings_dashboard()
    {
        var start = DateTime.UtcNow.AddMinutes(10);
        var meeting = await platform.Client.CreateMeetingAsync("Later today", timeZone: "UTC",
            start: start.ToString("yyyy-MM-ddTHH:mm:00", CultureInfo.InvariantCulture), end: start.AddHours(2).ToString("yyyy-MM-ddTHH:mm:00", CultureInfo.InvariantCulture));
        await platform.Client.StepAsync(meeting, "publish");
        await platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

        var figures = (await platform.Client.GetJsonAsync("/api/dashboards/meetings")).GetProperty("figures");

        Assert.Contains(figures.GetProperty("upcoming").EnumerateArray(), m => m.GetProperty("meetingId").GetGuid() == meeting);
        Assert.DoesNotContain(figures.GetProperty("past").EnumerateArray(), m => m.GetProperty("meetingId").GetGuid() == meeting);
    }
}
