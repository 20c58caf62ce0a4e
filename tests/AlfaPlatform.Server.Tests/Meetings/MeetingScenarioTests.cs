using System.Globalization;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>A meeting from draft to held, every view checked at each step.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingScenarioTests(PlatformFixture platform)
{
    [Fact]
    public async Task the_calendar_pages_every_meeting_once_in_order_of_start_the_past_latest_first()
    {
        var nextYear = DateTime.UtcNow.Year + 1;
        await platform.Client.OpenMeetingAsync(); // November 2025
        await platform.Client.OpenMeetingAsync(start: $"{nextYear}-03-10T09:00:00", end: $"{nextYear}-03-11T17:00:00");
        foreach (var (when, direction) in new[] { ("Upcoming", 1), ("Past", -1) })
        {
            // Pages of 3 and of 7 walk the same list: one order, ties broken by id, and the same total on every page.
            var byThree = await EveryMeetingAsync(when, 3);
            var bySeven = await EveryMeetingAsync(when, 7);

            Assert.NotEmpty(byThree);
            Assert.Equal(byThree, bySeven);
            Assert.Equal(byThree.Count, byThree.Select(m => m.Id).Distinct().Count());
            Assert.All(byThree.Zip(byThree.Skip(1)), pair => Assert.True(direction * pair.First.StartsAt.CompareTo(pair.Second.StartsAt) <= 0));
        }
    }

    /// <summary>The calendar's meetings, page after page, each page asked of the gateway as a client pages it.</summary>
    private async Task<List<(Guid Id, DateTimeOffset StartsAt)>> EveryMeetingAsync(string when, int pageSize)
    {
        var (meetings, totals) = (new List<(Guid Id, DateTimeOffset StartsAt)>(), new HashSet<int>());
        for (var page = 1; ; page++)
        {
            var answer = await platform.Client.GetJsonAsync($"/api/meetings?when={when}&pageSize={pageSize}&page={page}");
            totals.Add(answer.GetProperty("total").GetInt32());
            var items = answer.GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("startsAt").GetDateTimeOffset())).ToList();
            meetings.AddRange(items);
            if (items.Count < pageSize)
            {
                break; // the last page, or the empty one after a full last page, which still counts them all
            }
        }

        Assert.Equal(Assert.Single(totals), meetings.Count);
        return meetings;
    }

    [Fact]
    public async Task a_meeting_runs_from_draft_to_held_with_its_programme_registrations_waiting_list_and_check_ins()
    {
        var staff = platform.Client;
        var organisation = await staff.RegisterOrganisationAsync(kind: "CooperativeGroup");
        var meeting = await staff.CreateMeetingAsync("Scenario congress", capacity: 2, organisers: [organisation.Id]);

        // Draft: staff see it; nobody else does.
        Assert.Equal("Draft", (await staff.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Anonymous.GetAsync($"/api/meetings/{meeting}")).StatusCode);
        Assert.DoesNotContain(await CalendarIdsAsync(platform.Anonymous), id => id == meeting);

        // Programme.
        var session = await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions", new
        {
            title = "Educational session", kind = "Educational", start = "2025-11-19T14:00:00", end = "2025-11-19T16:00:00", room = "Room A",
            chairs = new[] { new { name = "Christoph Röllig" } },
        });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var nursing = await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions", new
        {
            title = "GFIC-GM Nursing Day", kind = "NursingDay", start = "2025-11-20T09:00:00", end = "2025-11-20T17:00:00",
        });
        Assert.Equal(HttpStatusCode.OK, nursing.StatusCode);
        var programme = await staff.GetJsonAsync($"/api/meetings/{meeting}/programme");
        var sessions = programme.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(["Educational session", "GFIC-GM Nursing Day"], sessions.Select(s => s.GetProperty("title").GetString()));
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 13, 0, 0, TimeSpan.Zero), sessions[0].GetProperty("startsAt").GetDateTimeOffset());
        var educational = sessions[0].GetProperty("id").GetGuid();

        // Published: in the public calendar; registration open.
        await staff.StepAsync(meeting, "publish");
        Assert.Contains(await CalendarIdsAsync(platform.Anonymous), id => id == meeting);
        await staff.StepAsync(meeting, "registration/open");

        // Contributions, submitted by members, reviewed by staff, the accepted one scheduled.
        var (ada, adaPerson) = await platform.SignInAsLinkedMemberAsync("Ada", "Presenter");
        var (bob, bobPerson) = await platform.SignInAsLinkedMemberAsync("Bob", "Second");
        var (cyd, cydPerson) = await platform.SignInAsLinkedMemberAsync("Cyd", "Third");
        var good = await SubmitAsync(ada, meeting, "FLT3-ITD microclones in BIG-1");
        var weak = await SubmitAsync(bob, meeting, "A weaker abstract");
        Assert.Equal(HttpStatusCode.OK, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{good}/accept", new { note = "oral" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{weak}/reject", new { note = "scope" })).StatusCode);
        var rejectedTwice = await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{weak}/accept", new { });
        Assert.Equal("already_reviewed", (await rejectedTwice.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{good}/schedule", new { sessionId = educational })).StatusCode);
        var scheduled = (await platform.Anonymous.GetJsonAsync($"/api/meetings/{meeting}/programme")).GetProperty("sessions")[0].GetProperty("contributions");
        Assert.Equal("Ada Presenter", Assert.Single(scheduled.EnumerateArray()).GetProperty("presenter").GetString());
        var adaOwn = await ada.GetJsonAsync("/api/meetings/mine");
        Assert.Equal("Accepted", Assert.Single(adaOwn.GetProperty("contributions").EnumerateArray()).GetProperty("contribution").GetProperty("status").GetString());

        // Registrations: two seats, then the waiting list.
        Assert.Equal("Registered", (await (await ada.RegisterAsync(meeting)).ReadAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("Registered", (await (await bob.RegisterAsync(meeting)).ReadAsync<JsonElement>()).GetProperty("status").GetString());
        var waiting = await (await cyd.RegisterAsync(meeting)).ReadAsync<JsonElement>();
        Assert.Equal("Waiting", waiting.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("waitingPosition").GetInt32());
        var dan = await staff.RegisterPersonAsync("Dan", "Fourth");
        Assert.Equal(2, (await (await staff.RegisterAsync(meeting, dan)).ReadAsync<JsonElement>()).GetProperty("waitingPosition").GetInt32());
        var registrations = await staff.GetJsonAsync($"/api/meetings/{meeting}/registrations");
        Assert.Equal([adaPerson, bobPerson], registrations.GetProperty("registered").EnumerateArray().Select(r => r.GetProperty("registrantId").GetGuid()));
        Assert.Equal([cydPerson, dan], registrations.GetProperty("waitingList").EnumerateArray().Select(r => r.GetProperty("registrantId").GetGuid()));

        // A change of date after publication: shown to those registered before it.
        var moved = await staff.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/schedule", new
        {
            start = "2025-11-19T08:30:00", end = "2025-11-21T17:00:00", timeZone = "Europe/Zurich", reason = "an earlier opening plenary",
        });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var bobMine = Assert.Single((await bob.GetJsonAsync("/api/meetings/mine")).GetProperty("registrations").EnumerateArray());
        Assert.Equal("time", Assert.Single(bobMine.GetProperty("registration").GetProperty("changesSinceRegistered").EnumerateArray()).GetProperty("field").GetString());

        // Bob cancels: Cyd, first on the waiting list, takes the seat; Dan moves up.
        var cancelled = await bob.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/registrations/{bobPerson}/cancel", new { reason = "teaching" });
        Assert.Equal("Cancelled", (await cancelled.ReadAsync<JsonElement>()).GetProperty("status").GetString());
        var cydMine = Assert.Single((await cyd.GetJsonAsync("/api/meetings/mine")).GetProperty("registrations").EnumerateArray()).GetProperty("registration");
        Assert.Equal("Registered", cydMine.GetProperty("status").GetString());
        Assert.True(cydMine.GetProperty("promoted").GetBoolean());
        registrations = await staff.GetJsonAsync($"/api/meetings/{meeting}/registrations");
        Assert.Equal([adaPerson, cydPerson], registrations.GetProperty("registered").EnumerateArray().Select(r => r.GetProperty("registrantId").GetGuid()));
        Assert.Equal(1, Assert.Single(registrations.GetProperty("waitingList").EnumerateArray()).GetProperty("waitingPosition").GetInt32());

        // Check-in at the venue, then held.
        await staff.StepAsync(meeting, "registration/close");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/meetings/{meeting}/registrations/{adaPerson}/check-in", null)).StatusCode);
        var notSeated = await staff.PostAsync($"/api/meetings/{meeting}/registrations/{dan}/check-in", null);
        Assert.Equal(HttpStatusCode.Conflict, notSeated.StatusCode);
        await staff.StepAsync(meeting, "held");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/meetings/{meeting}/registrations/{cydPerson}/check-in", null)).StatusCode);

        var attendance = await staff.GetJsonAsync($"/api/meetings/{meeting}/attendance");
        Assert.Equal(2, attendance.GetProperty("registered").GetInt32());
        Assert.Equal(1, attendance.GetProperty("waiting").GetInt32());
        Assert.Equal(2, attendance.GetProperty("checkedIn").GetInt32());
        var held = await staff.GetJsonAsync($"/api/meetings/{meeting}");
        Assert.Equal("Held", held.GetProperty("status").GetString());
        Assert.Contains(await CalendarIdsAsync(platform.Anonymous, "?when=Past&pageSize=200"), id => id == meeting);

        // Everything is in the history, and today's registrations as of yesterday were none.
        var history = (await staff.GetJsonAsync($"/api/meetings/{meeting}/history")).EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Contains("PromotedFromWaitingList", history);
        Assert.Contains("MeetingRescheduled", history);
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/meetings/{meeting}?asOf={yesterday}")).StatusCode);
        var orgAttendance = await staff.GetJsonAsync($"/api/meetings/attendance/organisations/{organisation.Id}");
        Assert.Equal(0, orgAttendance.GetProperty("meetings").GetInt32());
    }

    private static async Task<Guid> SubmitAsync(HttpClient member, Guid meeting, string title)
    {
        var response = await member.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions", new
        {
            title, @abstract = "Results of the study.", authors = new[] { "A. Author", "B. Author" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> CalendarIdsAsync(HttpClient client, string query = "?pageSize=200") =>
        [.. (await client.GetJsonAsync($"/api/meetings{query}")).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid())];
}
