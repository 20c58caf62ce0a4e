using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;
using Marten;

namespace AlfaPlatform.Server.Tests.Notifications;

/// <summary>Meetings tell their registrants, each in their own inbox, what changes for them.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingNotificationTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    [Fact]
    public async Task a_change_of_date_is_told_once_to_each_registrant_who_registered_before_it_and_to_nobody_else()
    {
        var meeting = await _staff.OpenMeetingAsync();
        var (member, person) = await platform.SignInAsLinkedMemberAsync("Rita", "Registered");
        var (partner, company) = await platform.PartnerOfANewCompanyAsync();
        using var colleague = await platform.SignInAsAsync(["partner"], company);
        var (otherMember, _) = await platform.SignInAsLinkedMemberAsync("Otto", "Absent");
        var (otherPartner, _) = await platform.PartnerOfANewCompanyAsync();
        var (late, _) = await platform.SignInAsLinkedMemberAsync("Lea", "Late");
        using var _1 = member;
        using var _2 = partner;
        using var _3 = otherMember;
        using var _4 = otherPartner;
        using var _5 = late;
        await RegisteredAsync(member, meeting);
        var account = await RegisteredAsync(partner, meeting);

        await ChangeAsync(HttpMethod.Put, $"/api/meetings/{meeting}/schedule", new
        {
            start = "2025-11-19T08:30:00", end = "2025-11-21T17:00:00", timeZone = "Europe/Zurich", reason = "an earlier opening plenary",
        });
        await RegisteredAsync(late, meeting);

        var toMember = Assert.Single(await member.AboutAsync(meeting));
        Assert.Equal("MeetingRescheduled", toMember.Kind());
        Assert.Equal("Meeting", toMember.GetProperty("subject").GetString());
        Assert.Equal("Annual symposium", toMember.GetProperty("subjectTitle").GetString());
        Assert.Equal($"registrant:{person}", toMember.GetProperty("audience").GetString());
        Assert.Equal("an earlier opening plenary", toMember.GetProperty("message").GetString());
        var time = toMember.GetProperty("time");
        Assert.Equal("2025-11-19T08:30:00", time.GetProperty("start").GetString());
        Assert.Equal("Europe/Zurich", time.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 7, 30, 0, TimeSpan.Zero), time.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Contains("2025-11-19 08:30", toMember.GetProperty("text").GetString(), StringComparison.Ordinal);
        var toPartner = Assert.Single(await partner.AboutAsync(meeting));
        Assert.Equal("MeetingRescheduled", toPartner.Kind());
        Assert.Equal($"registrant:{account}", toPartner.GetProperty("audience").GetString());
        Assert.Equal(time.GetRawText(), toPartner.GetProperty("time").GetRawText());
        Assert.Empty(await late.AboutAsync(meeting)); // registered for the meeting as it already was
        Assert.Empty(await otherMember.AboutAsync(meeting));
        Assert.Empty(await colleague.AboutAsync(meeting)); // the partner person's own inbox, not their company's
        Assert.Empty(await otherPartner.AboutAsync(meeting));
        Assert.Empty(await _staff.AboutAsync(meeting)); // staff made the change

        // A later move reaches all three, the late registrant included.
        await ChangeAsync(HttpMethod.Put, $"/api/meetings/{meeting}/place", new
        {
            venue = new { name = "CICG", city = "Geneva", country = "CH" }, online = true,
        });
        foreach (var registrant in new[] { member, partner, late })
        {
            var moved = (await registrant.AboutAsync(meeting)).OneOf("MeetingMoved");
            Assert.Equal("CICG", moved.GetProperty("place").GetProperty("venue").GetProperty("name").GetString());
            Assert.True(moved.GetProperty("place").GetProperty("online").GetBoolean());
        }

        Assert.Empty(await otherMember.AboutAsync(meeting));
    }

    [Fact]
    public async Task a_cancelled_seat_goes_to_the_first_waiting_registrant_who_is_told_and_a_cancelled_meeting_reaches_every_active_registration()
    {
        var meeting = await _staff.OpenMeetingAsync(capacity: 1);
        var (seated, seatedPerson) = await platform.SignInAsLinkedMemberAsync("Sam", "Seated");
        var (first, _) = await platform.PartnerOfANewCompanyAsync();
        var (second, _) = await platform.SignInAsLinkedMemberAsync("Wes", "Waiting");
        using var _1 = seated;
        using var _2 = first;
        using var _3 = second;
        await RegisteredAsync(seated, meeting);
        await RegisteredAsync(first, meeting);
        await RegisteredAsync(second, meeting);

        await seated.StepAsync($"/api/meetings/{meeting}/registrations/{seatedPerson}/cancel", new { reason = "teaching" });

        var promoted = Assert.Single(await first.AboutAsync(meeting));
        Assert.Equal("PromotedFromWaitingList", promoted.Kind());
        Assert.Contains("you have a seat", promoted.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(await second.AboutAsync(meeting)); // still waiting
        Assert.Empty(await seated.AboutAsync(meeting)); // their own cancellation

        await _staff.StepAsync($"/api/meetings/{meeting}/cancel", new { reason = "The venue burnt down." });

        Assert.Equal("The venue burnt down.", (await first.AboutAsync(meeting)).OneOf("MeetingCancelled").GetProperty("message").GetString());
        Assert.Equal("The venue burnt down.", (await second.AboutAsync(meeting)).OneOf("MeetingCancelled").GetProperty("message").GetString());
        Assert.Empty(await seated.AboutAsync(meeting)); // no longer registered
    }

    [Fact]
    public async Task staff_are_asked_to_approve_a_registration_and_the_registrant_is_told_the_answer()
    {
        var meeting = await _staff.OpenMeetingAsync(requiresApproval: true);
        var (approved, approvedPerson) = await platform.SignInAsLinkedMemberAsync("Abe", "Approved");
        var (declined, declinedPerson) = await platform.SignInAsLinkedMemberAsync("Dee", "Declined");
        using var _1 = approved;
        using var _2 = declined;
        await RegisteredAsync(approved, meeting);
        await RegisteredAsync(declined, meeting);

        var asked = (await _staff.AboutAsync(meeting)).Where(n => n.Kind() == "RegistrationToApprove").ToList();
        Assert.Equal(2, asked.Count);
        Assert.All(asked, n => Assert.Equal("staff", n.GetProperty("audience").GetString()));
        Assert.All(asked, n => Assert.DoesNotContain("Abe", n.GetProperty("text").GetString(), StringComparison.Ordinal)); // no registrant is named

        await _staff.StepAsync($"/api/meetings/{meeting}/registrations/{approvedPerson}/approve", new { });
        await _staff.StepAsync($"/api/meetings/{meeting}/registrations/{declinedPerson}/decline", new { reason = "Members of the board only." });

        Assert.Contains("you have a seat", Assert.Single(await approved.AboutAsync(meeting)).GetProperty("text").GetString(), StringComparison.Ordinal);
        var no = Assert.Single(await declined.AboutAsync(meeting));
        Assert.Equal("RegistrationDeclined", no.Kind());
        Assert.Equal("Members of the board only.", no.GetProperty("message").GetString());
    }

    [Fact]
    public async Task a_registrant_never_marks_another_registrants_notification()
    {
        var meeting = await _staff.OpenMeetingAsync(capacity: 1);
        var (seated, seatedPerson) = await platform.SignInAsLinkedMemberAsync("Sid", "Seated");
        var (waiting, _) = await platform.SignInAsLinkedMemberAsync("Wim", "Waiting");
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var _1 = seated;
        using var _2 = waiting;
        using var _3 = partner;
        await RegisteredAsync(seated, meeting);
        await RegisteredAsync(waiting, meeting);
        await _staff.StepAsync($"/api/meetings/{meeting}/registrations/{seatedPerson}/cancel", new { });
        var promoted = Assert.Single(await waiting.AboutAsync(meeting)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await seated.PostAsync($"/api/me/notifications/{promoted}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.PostAsync($"/api/me/notifications/{promoted}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.PostAsync($"/api/me/notifications/{promoted}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await waiting.PostAsync($"/api/me/notifications/{promoted}/read", null)).StatusCode);
    }

    [Fact]
    public async Task rebuilding_the_projection_writes_the_same_meeting_notifications_and_keeps_read_marks()
    {
        var meeting = await _staff.OpenMeetingAsync(capacity: 1);
        var (seated, seatedPerson) = await platform.SignInAsLinkedMemberAsync("Ray", "Rebuilt");
        var (waiting, _) = await platform.PartnerOfANewCompanyAsync();
        using var _1 = seated;
        using var _2 = waiting;
        await RegisteredAsync(seated, meeting);
        await RegisteredAsync(waiting, meeting);
        await ChangeAsync(HttpMethod.Put, $"/api/meetings/{meeting}/schedule", new { start = "2025-11-20T09:00:00", end = "2025-11-22T17:00:00", timeZone = "Europe/Zurich" });
        await seated.StepAsync($"/api/meetings/{meeting}/registrations/{seatedPerson}/cancel", new { });
        var read = (await waiting.AboutAsync(meeting)).OneOf("PromotedFromWaitingList").GetProperty("id").GetGuid();
        await waiting.StepAsync($"/api/me/notifications/{read}/read");
        var before = await StoredAsync(meeting);
        await using (var session = platform.Store.LightweightSession())
        {
            session.DeleteWhere<Notification>(n => n.SubjectId == meeting);
            await session.SaveChangesAsync();
        }

        using (var daemon = await platform.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(NotificationProjection.Name, CancellationToken.None);
        }

        Assert.Equal(3, before.Count); // rescheduled (both registrants), promoted (the waiting one)
        Assert.Equal(string.Join("\n", before), string.Join("\n", await StoredAsync(meeting)));
        Assert.True((await waiting.AboutAsync(meeting)).OneOf("PromotedFromWaitingList").GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task the_registrant_audience_is_emailed_at_the_persons_directory_email_or_the_partner_accounts_user_name()
    {
        var (member, person) = await platform.SignInAsLinkedMemberAsync("Eve", "Emailed");
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var _1 = member;
        using var _2 = partner;
        var meeting = await _staff.OpenMeetingAsync();
        var account = await RegisteredAsync(partner, meeting);
        var unlinked = await _staff.RegisterPersonAsync("Una", "Unlinked");
        await using var session = platform.Store.QuerySession();
        var memberRecord = (await session.LoadAsync<StreamRecord<Person>>(person))!.State;
        var unlinkedRecord = (await session.LoadAsync<StreamRecord<Person>>(unlinked))!.State;
        var partnerAccount = (await session.LoadAsync<Account>(account))!;

        var toMember = Assert.Single(await NotificationRecipients.ResolveAsync(session, Audiences.Registrant(person), CancellationToken.None));
        var toPartner = Assert.Single(await NotificationRecipients.ResolveAsync(session, Audiences.Registrant(account), CancellationToken.None));
        var toUnlinked = Assert.Single(await NotificationRecipients.ResolveAsync(session, Audiences.Registrant(unlinked), CancellationToken.None));

        Assert.Equal(new Recipient(memberRecord.AccountId!.Value.ToString(), memberRecord.Email), toMember);
        Assert.Equal(new Recipient(account.ToString(), partnerAccount.UserName), toPartner);
        Assert.Equal(new Recipient($"person:{unlinked:D}", unlinkedRecord.Email), toUnlinked); // staff register people without accounts
        Assert.Empty(await NotificationRecipients.ResolveAsync(session, Audiences.Registrant(Guid.NewGuid()), CancellationToken.None));
    }

    [Fact]
    public async Task a_viewer_registrant_is_refused_the_inbox_and_anonymous_callers_must_sign_in()
    {
        var meeting = await _staff.OpenMeetingAsync(visibility: "MembersOnly");
        var (viewer, person) = await platform.SignInAsLinkedAsync("viewer", "Vic", "Viewer");
        using var _ = viewer;
        Assert.Equal(HttpStatusCode.OK, (await _staff.RegisterAsync(meeting, person)).StatusCode);
        await _staff.StepAsync($"/api/meetings/{meeting}/cancel", new { reason = "Postponed to spring." });
        await using (var session = platform.Store.QuerySession())
        {
            Assert.Single(await session.Query<Notification>().Where(n => n.SubjectId == meeting && n.Audience == Audiences.Registrant(person)).ToListAsync());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/me/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/me/notifications")).StatusCode);
    }

    /// <summary>The caller registers themselves; answers the registrant id (their person, or their account for a partner person).</summary>
    private static async Task<Guid> RegisteredAsync(HttpClient registrant, Guid meeting)
    {
        var response = await registrant.RegisterAsync(meeting);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("registrantId").GetGuid();
    }

    private async Task ChangeAsync(HttpMethod method, string url, object body)
    {
        var response = await _staff.SendJsonAsync(method, url, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<List<string>> StoredAsync(Guid meeting)
    {
        await using var session = platform.Store.QuerySession();
        var stored = await session.Query<Notification>().Where(n => n.SubjectId == meeting).ToListAsync();
        return [.. stored.Select(n => JsonSerializer.Serialize(n)).Order(StringComparer.Ordinal)];
    }
}
