using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;

namespace AlfaPlatform.Server.Tests.Notifications;

[Collection(PlatformCollection.Name)]
public sealed class NotificationTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    [Fact]
    public async Task a_submission_notifies_staff_and_the_partners_colleagues_but_not_the_submitter()
    {
        var (partner, company) = await platform.PartnerOfANewCompanyAsync();
        using var _ = partner;
        using var colleague = await platform.SignInAsAsync(["partner"], company);

        var request = await partner.SubmitNewAsync("Submitted for staff");

        var toStaff = (await _staff.AboutAsync(request)).OneOf("RequestSubmitted");
        Assert.Equal("Request", toStaff.GetProperty("subject").GetString());
        Assert.Equal("Submitted for staff", toStaff.GetProperty("subjectTitle").GetString());
        Assert.Equal("staff", toStaff.GetProperty("audience").GetString());
        Assert.False(toStaff.GetProperty("read").GetBoolean());
        Assert.Equal(JsonValueKind.String, toStaff.GetProperty("dueOn").ValueKind); // screening is due by then
        Assert.Contains("Submitted for staff", toStaff.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("RequestSubmitted", (await colleague.AboutAsync(request)).OneOf("RequestSubmitted").Kind());
        Assert.Empty(await partner.AboutAsync(request)); // nobody is told of their own action
    }

    [Fact]
    public async Task routing_notifies_the_routed_teams_members_only_and_never_the_partner()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var (lead, team) = await platform.SignInAsLeadOfANewTeamAsync();
        var (otherLead, _) = await platform.SignInAsLeadOfANewTeamAsync();
        using var ___ = lead;
        using var ____ = otherLead;
        var request = await partner.SubmitNewAsync("Routed to one team");

        await _staff.InAssessmentRoutedToAsync(request, team);

        var routed = (await lead.AboutAsync(request)).OneOf("RoutedToYourTeam");
        Assert.Equal(team, routed.GetProperty("targetId").GetGuid());
        Assert.Equal($"target:{team}", routed.GetProperty("audience").GetString());
        Assert.Equal(JsonValueKind.String, routed.GetProperty("dueOn").ValueKind);
        Assert.Empty(await otherLead.AboutAsync(request));
        Assert.Equal(["RequestAccepted"], (await partner.AboutAsync(request)).Select(n => n.Kind())); // routing is the network's own business
    }

    [Fact]
    public async Task a_decline_tells_the_partner_its_reason_and_message_and_the_routed_team_only_that_it_is_closed()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var (lead, team) = await platform.SignInAsLeadOfANewTeamAsync();
        using var ___ = lead;
        var request = await partner.SubmitNewAsync("Declined with a reason");
        await _staff.InAssessmentRoutedToAsync(request, team);

        await _staff.StepAsync($"/api/collaborations/{request}/decline", new { reason = "TooEarlyStage", message = "Come back with phase I data." });

        var toPartner = (await partner.AboutAsync(request)).OneOf("RequestDeclined");
        Assert.Equal("TooEarlyStage", toPartner.GetProperty("reason").GetString());
        Assert.Equal("Come back with phase I data.", toPartner.GetProperty("message").GetString());
        var toTeam = (await lead.AboutAsync(request)).OneOf("RequestDeclined");
        Assert.Equal("TooEarlyStage", toTeam.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, toTeam.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task a_partner_never_sees_nor_marks_another_partners_notifications()
    {
        var (owner, _) = await platform.PartnerOfANewCompanyAsync();
        var (other, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = owner;
        using var ___ = other;
        var (member, _) = await platform.SignInAsLeadOfANewTeamAsync();
        using var ____ = member;
        var request = await owner.SubmitNewAsync("Another company's secret");
        await _staff.StepAsync($"/api/collaborations/{request}/decline", new { reason = "OutOfScope", message = "Not for us." });
        var declined = (await owner.AboutAsync(request)).OneOf("RequestDeclined").GetProperty("id").GetGuid();
        var toStaff = (await _staff.AboutAsync(request)).OneOf("RequestSubmitted").GetProperty("id").GetGuid();

        Assert.Empty(await other.AboutAsync(request));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/me/notifications/{declined}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/me/notifications/{toStaff}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsync($"/api/me/notifications/{declined}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.PostAsync($"/api/me/notifications/{declined}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync($"/api/me/notifications/{Guid.NewGuid()}/read", null)).StatusCode);
        Assert.False((await owner.AboutAsync(request)).OneOf("RequestDeclined").GetProperty("read").GetBoolean());
    }

    [Fact]
    public async Task notifications_are_marked_read_one_by_one_or_all_at_once_per_reader()
    {
        var (partner, company) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        using var colleague = await platform.SignInAsAsync(["partner"], company);
        var first = await colleague.SubmitNewAsync("Read one by one");
        var second = await colleague.SubmitNewAsync("Read all at once");
        var one = (await partner.AboutAsync(first)).OneOf("RequestSubmitted").GetProperty("id").GetGuid();

        var marked = await partner.PostAsync($"/api/me/notifications/{one}/read", null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.True((await marked.ReadAsync<JsonElement>()).GetProperty("read").GetBoolean());
        Assert.True((await partner.AboutAsync(first)).OneOf("RequestSubmitted").GetProperty("read").GetBoolean());
        Assert.Empty(await partner.AboutAsync(first, unread: true));
        Assert.Single(await partner.AboutAsync(second, unread: true));
        Assert.Empty(await colleague.AboutAsync(first)); // their own submission: not told

        Assert.Equal(HttpStatusCode.NoContent, (await partner.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
        Assert.Empty(await partner.NotificationsAsync(unread: true));
        var unreadPage = await (await partner.GetAsync("/api/me/notifications?unread=true")).ReadAsync<JsonElement>();
        Assert.Equal(0, unreadPage.GetProperty("total").GetInt32());

        var third = await colleague.SubmitNewAsync("After read-all");
        Assert.Equal([third], (await partner.NotificationsAsync(unread: true)).Select(n => n.GetProperty("subjectId").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await partner.PostAsync("/api/me/notifications/read-all", null)).StatusCode); // again: harmless
    }

    [Fact]
    public async Task a_retried_submission_with_the_same_idempotency_key_notifies_once()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var request = await partner.DraftAsync("Submitted twice over a flaky network");
        var key = Guid.NewGuid().ToString();

        foreach (var attempt in new[] { 1, 2 })
        {
            var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/collaborations/{request}/submit");
            submit.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(submit)).StatusCode);
        }

        Assert.Single(await _staff.AboutAsync(request));
        await using var session = platform.Store.QuerySession();
        Assert.Equal(2, await session.Query<Notification>().CountAsync(n => n.SubjectId == request)); // staff and the partner's inbox
    }

    [Fact]
    public async Task a_message_is_told_to_the_other_parties_who_may_read_it()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var (lead, team) = await platform.SignInAsLeadOfANewTeamAsync();
        using var ___ = lead;
        var request = await partner.SubmitNewAsync("Talked about");
        await _staff.InAssessmentRoutedToAsync(request, team);

        await partner.StepAsync($"/api/collaborations/{request}/messages", new { text = "Before the shortlist" });
        await lead.StepAsync($"/api/collaborations/{request}/routings/{team}/answer", new { interested = true, approach = "Flow MRD" });
        await _staff.StepAsync($"/api/collaborations/{request}/shortlist", new { targetIds = new[] { team } });
        await _staff.StepAsync($"/api/collaborations/{request}/messages", new { text = "Welcome to the shortlisted team" });

        Assert.Single(await _staff.AboutAsync(request), n => n.Kind() == "MessagePosted"); // the partner's; not their own
        Assert.Single(await partner.AboutAsync(request), n => n.Kind() == "MessagePosted"); // staff's
        var toTeam = await lead.AboutAsync(request);
        Assert.Single(toTeam, n => n.Kind() == "MessagePosted"); // only what was said once the team took part
        Assert.Single(toTeam, n => n.Kind() == "ProposalsShortlisted");
        Assert.Single(await _staff.AboutAsync(request), n => n.Kind() == "RoutingAnswered");
        Assert.DoesNotContain(await partner.AboutAsync(request), n => n.Kind() == "RoutingAnswered");
    }

    [Fact]
    public async Task time_limits_past_due_raise_notifications_for_staff_and_the_late_team()
    {
        var (lead, team) = await platform.SignInAsLeadOfANewTeamAsync();
        using var __ = lead;
        var company = (await _staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        var unscreened = Guid.CreateVersion7();
        var unanswered = Guid.CreateVersion7();
        var monthAgo = DateTimeOffset.UtcNow.AddDays(-30);
        // Imports of the past (as the seed does): the steps are dated a month ago, so their time limits ran out.
        await AsOfAsync(unscreened, monthAgo, new DraftRequest(company, Details("Never screened")), new SubmitRequest());
        await AsOfAsync(unanswered, monthAgo, new DraftRequest(company, Details("Never answered")), new SubmitRequest(), new StartScreening(),
            new AcceptForAssessment(null), new RouteRequest(team, "AML", RoutingTargetKind.Team));

        await AsOfAsync(unscreened, null, new CheckTimeLimits());
        await AsOfAsync(unanswered, null, new CheckTimeLimits());

        Assert.Equal(JsonValueKind.String, (await _staff.AboutAsync(unscreened)).OneOf("ScreeningOverdue").GetProperty("dueOn").ValueKind);
        Assert.Equal(team, (await _staff.AboutAsync(unanswered)).OneOf("AnswerOverdue").GetProperty("targetId").GetGuid());
        Assert.Equal(team, (await lead.AboutAsync(unanswered)).OneOf("AnswerOverdue").GetProperty("targetId").GetGuid());
    }

    [Fact]
    public async Task rebuilding_the_projection_writes_the_same_notifications_and_keeps_read_marks()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var (lead, team) = await platform.SignInAsLeadOfANewTeamAsync();
        using var ___ = lead;
        var request = await partner.SubmitNewAsync("Rebuilt from its events");
        await _staff.InAssessmentRoutedToAsync(request, team);
        await partner.StepAsync($"/api/collaborations/{request}/withdraw", new { reason = "Budget cut" });
        var read = (await lead.AboutAsync(request)).OneOf("RoutedToYourTeam").GetProperty("id").GetGuid();
        await lead.StepAsync($"/api/me/notifications/{read}/read");
        var before = await StoredAsync(request);
        await using (var session = platform.Store.LightweightSession())
        {
            session.DeleteWhere<Notification>(n => n.SubjectId == request); // lost: only a replay of the events can bring them back
            await session.SaveChangesAsync();
        }

        using (var daemon = await platform.Store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync(NotificationProjection.Name, CancellationToken.None);
        }

        var after = await StoredAsync(request);
        Assert.Equal(6, before.Count); // submitted (staff, partner), accepted (partner), routed (team), withdrawn (staff, team)
        Assert.Equal(string.Join("\n", before), string.Join("\n", after));
        Assert.True((await lead.AboutAsync(request)).OneOf("RoutedToYourTeam").GetProperty("read").GetBoolean());
        Assert.Equal("Budget cut", (await _staff.AboutAsync(request)).OneOf("RequestWithdrawn").GetProperty("message").GetString());
    }

    [Fact]
    public async Task a_request_older_than_the_projection_is_told_from_its_committed_record()
    {
        var (partner, _) = await platform.PartnerOfANewCompanyAsync();
        using var __ = partner;
        var request = await partner.SubmitNewAsync("Submitted before notifications existed");
        await using (var session = platform.Store.LightweightSession())
        {
            session.Delete<RequestNotificationContext>(request); // as for a request drafted before this projection ran
            await session.SaveChangesAsync();
        }

        await _staff.StepAsync($"/api/collaborations/{request}/screening");
        await _staff.StepAsync($"/api/collaborations/{request}/accept", new { });

        var accepted = (await partner.AboutAsync(request)).OneOf("RequestAccepted");
        Assert.Equal("Submitted before notifications existed", accepted.GetProperty("subjectTitle").GetString());
        Assert.Equal("partner:", accepted.GetProperty("audience").GetString()![..8]);
    }

    [Fact]
    public async Task viewers_are_refused_and_anonymous_callers_must_sign_in()
    {
        using var viewer = await platform.SignInAsAsync(["viewer"]);
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/me/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/me/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/me/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
    }

    [Theory]
    [InlineData("/api/me/notifications?page=0", "page")]
    [InlineData("/api/me/notifications?pageSize=500", "pageSize")]
    [InlineData("/api/me/notifications?unread=maybe", "unread")]
    public async Task bad_parameters_are_400_problems_naming_the_field(string url, string field)
    {
        var response = await _staff.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_member_without_teams_has_an_empty_inbox()
    {
        using var member = await platform.SignInAsAsync(["member"]);

        var page = await (await member.GetAsync("/api/me/notifications")).ReadAsync<JsonElement>();

        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    private async Task<List<string>> StoredAsync(Guid request)
    {
        await using var session = platform.Store.QuerySession();
        var stored = await session.Query<Notification>().Where(n => n.SubjectId == request).ToListAsync();
        return [.. stored.Select(n => JsonSerializer.Serialize(n)).Order(StringComparer.Ordinal)];
    }

    private async Task AsOfAsync(Guid request, DateTimeOffset? recordedAt, params RequestCommand[] commands)
    {
        new CommandContext(CommandContext.System, Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), recordedAt).Attach();
        try
        {
            foreach (var command in commands)
            {
                var result = await platform.Grains.GetGrain<ICollaborationGrain>(request).ExecuteAsync(command, expectedVersion: null);
                Assert.Null(result.Rejection);
            }
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    private static RequestDetails Details(string title) =>
        new(title, "Summary", null, false, [CollaborationKind.MrdMonitoring], ["AML"], [], null, null, null, null);
}
