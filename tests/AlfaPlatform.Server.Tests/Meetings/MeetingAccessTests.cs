using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>
/// Every meetings endpoint, called by every kind of caller. Reads use a public published meeting; writes name a
/// meeting that does not exist, so a caller who may act gets past authorization and is stopped by validation (400)
/// or a missing record (404): nothing changes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MeetingAccessTests(PlatformFixture platform)
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not (public meetings).</summary>
        Public,

        /// <summary>Any signed-in role.</summary>
        SignedIn,

        /// <summary>Staff, members, viewers.</summary>
        Network,

        /// <summary>Staff, members, partner people (registering).</summary>
        Participants,

        /// <summary>Staff and members (contributions).</summary>
        StaffOrMember,

        Staff,
    }

    private static readonly (string Method, string Url, Access Access)[] Endpoints =
    [
        ("GET", "/api/meetings", Access.Public),
        ("GET", "/api/meetings.ics", Access.Public),
        ("GET", "/api/meetings/{meeting}", Access.Public),
        ("GET", "/api/meetings/{meeting}.ics", Access.Public),
        ("GET", "/api/meetings/{meeting}/programme", Access.Public),
        ("GET", "/api/meetings/mine", Access.SignedIn),
        ("GET", "/api/meetings/{meeting}/attendance", Access.Network),
        ("GET", "/api/meetings/attendance/organisations/{organisation}", Access.Network),
        ("GET", "/api/meetings/{meeting}/history", Access.Staff),
        ("GET", "/api/meetings/{meeting}/registrations", Access.Staff),
        ("GET", "/api/meetings/{meeting}/contributions", Access.Staff),
        ("GET", "/api/meetings/{meeting}/contributions/{other}", Access.StaffOrMember),
        ("POST", "/api/meetings", Access.Staff),
        ("PUT", "/api/meetings/{missing}/details", Access.Staff),
        ("PUT", "/api/meetings/{missing}/schedule", Access.Staff),
        ("PUT", "/api/meetings/{missing}/place", Access.Staff),
        ("POST", "/api/meetings/{missing}/cancel", Access.Staff),
        ("POST", "/api/meetings/{missing}/publish", Access.Staff),
        ("POST", "/api/meetings/{missing}/registration/open", Access.Staff),
        ("POST", "/api/meetings/{missing}/registration/close", Access.Staff),
        ("POST", "/api/meetings/{missing}/held", Access.Staff),
        ("POST", "/api/meetings/{missing}/sessions", Access.Staff),
        ("DELETE", "/api/meetings/{missing}/sessions/{other}", Access.Staff),
        ("POST", "/api/meetings/{missing}/contributions", Access.StaffOrMember),
        ("POST", "/api/meetings/{missing}/contributions/{other}/accept", Access.Staff),
        ("POST", "/api/meetings/{missing}/contributions/{other}/reject", Access.Staff),
        ("POST", "/api/meetings/{missing}/contributions/{other}/schedule", Access.Staff),
        ("POST", "/api/meetings/{missing}/contributions/{other}/withdraw", Access.StaffOrMember),
        ("POST", "/api/meetings/{missing}/registrations", Access.Participants),
        ("POST", "/api/meetings/{missing}/registrations/{other}/cancel", Access.Participants),
        ("POST", "/api/meetings/{missing}/registrations/{other}/approve", Access.Staff),
        ("POST", "/api/meetings/{missing}/registrations/{other}/decline", Access.Staff),
        ("POST", "/api/meetings/{missing}/registrations/{other}/check-in", Access.Staff),
    ];

    [Fact]
    public async Task every_meetings_endpoint_lets_in_exactly_the_callers_it_should()
    {
        var meeting = await platform.Client.OpenMeetingAsync();
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "CooperativeGroup");
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var callers = new (string Name, HttpClient Client, Func<Access, bool> MayAct)[]
        {
            ("anonymous", platform.Anonymous, access => access == Access.Public),
            ("partner", await platform.SignInAsAsync(["partner"], company.Id), access => access is Access.Public or Access.SignedIn or Access.Participants),
            ("viewer", await platform.SignInAsAsync(["viewer"]), access => access is Access.Public or Access.SignedIn or Access.Network),
            ("member", await platform.SignInAsAsync(["member"]), access => access is not Access.Staff),
            ("staff", platform.Client, _ => true),
        };
        var before = await platform.CountEventsAsync();

        var wrong = new List<string>();
        foreach (var (method, template, access) in Endpoints)
        {
            var url = template.Replace("{meeting}", meeting.ToString(), StringComparison.Ordinal)
                .Replace("{missing}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{other}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{organisation}", organisation.Id.ToString(), StringComparison.Ordinal);
            foreach (var (name, client, mayAct) in callers)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET" && method != "DELETE")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                var status = (await client.SendAsync(request)).StatusCode;
                var refused = name == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                var ok = mayAct(access) ? status != HttpStatusCode.Unauthorized && status != HttpStatusCode.Forbidden && (int)status < 500 : status == refused;
                if (!ok)
                {
                    wrong.Add($"{name} {method} {template}: {(int)status}");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_members_only_meeting_is_invisible_anonymously_and_to_partners_and_refuses_them()
    {
        var meeting = await platform.Client.OpenMeetingAsync(visibility: "MembersOnly");
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);
        using var viewer = await platform.SignInAsAsync(["viewer"]);

        foreach (var client in new[] { platform.Anonymous, partner })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/meetings/{meeting}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/meetings/{meeting}/programme")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/meetings/{meeting}.ics")).StatusCode);
            var calendar = await client.GetJsonAsync("/api/meetings?pageSize=200");
            Assert.DoesNotContain(calendar.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == meeting);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await partner.RegisterAsync(meeting)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/meetings/{meeting}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.RegisterAsync(meeting)).StatusCode);
    }

    [Fact]
    public async Task partner_people_register_as_their_account_and_see_it_in_their_own_list()
    {
        var meeting = await platform.Client.OpenMeetingAsync();
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);

        var registered = await (await partner.RegisterAsync(meeting)).ReadAsync<JsonElement>();

        Assert.Equal("Account", registered.GetProperty("kind").GetString());
        Assert.Equal(company.Id, registered.GetProperty("organisationId").GetGuid());
        var mine = await partner.GetJsonAsync("/api/meetings/mine");
        Assert.Equal(meeting, Assert.Single(mine.GetProperty("registrations").EnumerateArray()).GetProperty("meeting").GetProperty("id").GetGuid());
        var attendance = await platform.Client.GetJsonAsync($"/api/meetings/{meeting}/attendance");
        Assert.Equal(company.Id, Assert.Single(attendance.GetProperty("byOrganisation").EnumerateArray()).GetProperty("organisationId").GetGuid());
        var byCompany = await platform.Client.GetJsonAsync($"/api/meetings/attendance/organisations/{company.Id}");
        Assert.Equal(1, byCompany.GetProperty("registered").GetInt32());
    }

    [Fact]
    public async Task members_register_only_themselves_and_only_once_linked_to_a_person()
    {
        var meeting = await platform.Client.OpenMeetingAsync();
        using var unlinked = await platform.SignInAsAsync(["member"]);
        var (linked, me) = await platform.SignInAsLinkedMemberAsync();
        var someone = await platform.Client.RegisterPersonAsync("Some", "One");

        Assert.Equal("no_linked_person", (await (await unlinked.RegisterAsync(meeting)).ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await linked.RegisterAsync(meeting, someone)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await linked.PostAsync($"/api/meetings/{meeting}/registrations/{someone}/cancel", null)).StatusCode);
        Assert.Equal(me, (await (await linked.RegisterAsync(meeting)).ReadAsync<JsonElement>()).GetProperty("registrantId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await linked.RegisterAsync(meeting)).StatusCode); // a repeat changes nothing
    }

    [Theory]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Mars/Olympus","online":true}""", "timeZone")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00+01:00","end":"2025-11-21T17:00:00","timeZone":"Europe/Paris","online":true}""", "start")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-21T09:00:00","end":"2025-11-19T17:00:00","timeZone":"Europe/Paris","online":true}""", "end")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2026-03-29T02:30:00","end":"2026-03-29T17:00:00","timeZone":"Europe/Paris","online":true}""", "start")]
    [InlineData("""{"title":"X","kind":"Party","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Europe/Paris","online":true}""", "kind")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Europe/Paris"}""", "venue")]
    [InlineData("""{"title":"X","kind":"Congress","start":"2025-11-19T09:00:00","end":"2025-11-21T17:00:00","timeZone":"Europe/Paris","online":true,"capacity":0}""", "capacity")]
    public async Task bad_meetings_are_refused_with_the_field_named(string body, string field)
    {
        var before = await platform.CountEventsAsync();

        var response = await platform.Client.SendRawAsync(HttpMethod.Post, "/api/meetings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("?month=2025-13")]
    [InlineData("?kind=Party")]
    [InlineData("?when=tomorrow")]
    [InlineData("?pageSize=1000")]
    [InlineData("?asOf=2999-01-01")]
    public async Task bad_calendar_filters_are_a_400(string query) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.Anonymous.GetAsync($"/api/meetings{query}")).StatusCode);
}
