using System.Globalization;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>What the public sees of a meeting: the programme without staff notes or person ids, and nothing of a meeting members-only now.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingVisibilityTests(PlatformFixture platform)
{
    [Fact]
    public async Task the_public_programme_shows_no_review_note_and_no_person_id()
    {
        var staff = platform.Client;
        var meeting = await staff.CreateMeetingAsync("Programme privacy");
        var session = await (await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions", new
        {
            title = "Plenary", kind = "Plenary", start = "2025-11-19T10:00:00", end = "2025-11-19T12:00:00",
            chairs = new[] { new { personId = (Guid?)Guid.NewGuid(), name = "A Chair" } },
        })).ReadAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/meetings/{meeting}/publish", null)).StatusCode);
        var (member, person) = await platform.SignInAsLinkedMemberAsync("Paula", "Presenter");
        var submitted = await member.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions", new { title = "Results", @abstract = "Abstract." });
        var contribution = (await submitted.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{contribution}/accept", new { note = "weak statistics, accepted anyway" });
        var programme = await staff.GetJsonAsync($"/api/meetings/{meeting}/programme");
        var sessionId = programme.GetProperty("sessions")[0].GetProperty("id").GetGuid();
        await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/contributions/{contribution}/schedule", new { sessionId });

        var text = await (await platform.Anonymous.GetAsync($"/api/meetings/{meeting}/programme")).Content.ReadAsStringAsync();

        Assert.Contains("Paula Presenter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("weak statistics", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reviewNote", text, StringComparison.Ordinal);
        Assert.DoesNotContain(person.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("personId", text, StringComparison.Ordinal);
        Assert.DoesNotContain("presenterId", text, StringComparison.Ordinal);
        var staffView = Assert.Single((await staff.GetJsonAsync($"/api/meetings/{meeting}/contributions")).EnumerateArray());
        Assert.Equal("weak statistics, accepted anyway", staffView.GetProperty("reviewNote").GetString());
        Assert.Equal(person, staffView.GetProperty("presenterId").GetGuid());
        Assert.NotEqual(JsonValueKind.Undefined, session.ValueKind);
    }

    [Fact]
    public async Task a_meeting_members_only_now_is_invisible_anonymously_and_to_partners_at_any_as_of()
    {
        var meeting = await PublishedPublicMeetingDatedAsync("2024-09-01T09:00:00Z");
        var details = await platform.Client.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/details", new
        {
            title = "Once public", kind = "Symposium", visibility = "MembersOnly", capacity = 10,
        });
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);
        using var member = await platform.SignInAsAsync(["member"]);

        foreach (var client in new[] { platform.Anonymous, partner })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/meetings/{meeting}?asOf=2024-09-02")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/meetings/{meeting}/programme?asOf=2024-09-02")).StatusCode);
            var calendar = await client.GetJsonAsync("/api/meetings?asOf=2024-09-02&pageSize=200");
            Assert.DoesNotContain(calendar.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == meeting);
        }

        Assert.Equal("Public", (await member.GetJsonAsync($"/api/meetings/{meeting}?asOf=2024-09-02")).GetProperty("visibility").GetString());
        var memberCalendar = await member.GetJsonAsync("/api/meetings?asOf=2024-09-02&pageSize=200");
        Assert.Contains(memberCalendar.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == meeting);
    }

    /// <summary>A public meeting created and published in the past (as an import would), so as-of views show it then.</summary>
    private async Task<Guid> PublishedPublicMeetingDatedAsync(string at)
    {
        var id = Guid.NewGuid();
        await Task.Run(async () =>
        {
            new CommandContext(CommandContext.System, $"test-{id:N}", $"test-{id:N}", DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), "import", CommandContext.System).Attach();
            var grain = platform.Grains.GetGrain<IMeetingGrain>(id);
            var details = new MeetingDetails("Once public", MeetingKind.Symposium, null, [], [], 10, null, null, MeetingVisibility.Public, false);
            var created = await grain.ExecuteAsync(new CreateMeeting(details, new MeetingTime(new DateTime(2024, 10, 15, 9, 0, 0), new DateTime(2024, 10, 15, 18, 0, 0), "Europe/Paris"),
                new MeetingPlace(null, true, null)), null);
            Assert.True(created.IsAccepted);
            Assert.True((await grain.ExecuteAsync(new PublishMeeting(), null)).IsAccepted);
            Orleans.Runtime.RequestContext.Clear();
        });
        return id;
    }

    [Fact]
    public async Task members_see_partner_companies_counted_together_in_meeting_attendance()
    {
        var meeting = await platform.Client.OpenMeetingAsync();
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);
        Assert.Equal(HttpStatusCode.OK, (await partner.RegisterAsync(meeting)).StatusCode);
        using var member = await platform.SignInAsAsync(["member"]);

        var response = await member.GetAsync($"/api/meetings/{meeting}/attendance");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var group = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("byOrganisation").EnumerateArray());
        Assert.Equal("Partner companies", group.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, group.GetProperty("organisationId").ValueKind);
        Assert.DoesNotContain(company.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/meetings/attendance/organisations/{company.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.GetAsync($"/api/meetings/attendance/organisations/{company.Id}")).StatusCode);
    }
}
