using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>
/// A partner company's people at meetings open to partners (public ones, such as a partnering day): they register as
/// their account, wait in line when it is full, cancel, and see their own registrations only.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerMeetingTests(PlatformFixture platform)
{
    private async Task<Guid> OpenPartneringDayAsync(int capacity, string visibility = "Public")
    {
        var created = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/meetings", new
        {
            title = "LEUKEMIA 360 " + Guid.NewGuid().ToString("N")[..6], kind = "PartneringDay",
            start = "2025-11-13T09:00:00", end = "2025-11-13T18:00:00", timeZone = "Europe/Paris",
            venue = new { name = "Pierre Mendès France Conference Centre", city = "Paris", country = "FR" },
            capacity, visibility, requiresApproval = false, organisers = Array.Empty<Guid>(), chairs = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await platform.Client.StepAsync(id, "publish");
        await platform.Client.StepAsync(id, "registration/open");
        return id;
    }

    private async Task<(HttpClient Client, Guid Company)> PartnerAsync()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        return (await platform.SignInAsAsync(["partner"], company.Id), company.Id);
    }

    [Fact]
    public async Task a_partner_registers_for_a_partnering_day_and_finds_it_in_its_own_meetings()
    {
        var day = await OpenPartneringDayAsync(capacity: 50);
        var (partner, company) = await PartnerAsync();
        using var _ = partner;

        var registered = await partner.RegisterAsync(day);

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var registration = await registered.ReadAsync<JsonElement>();
        Assert.Equal(("Account", "Registered", company), (registration.GetProperty("kind").GetString(), registration.GetProperty("status").GetString(), registration.GetProperty("organisationId").GetGuid()));
        var mine = Assert.Single((await partner.GetJsonAsync("/api/meetings/mine")).GetProperty("registrations").EnumerateArray());
        Assert.Equal((day, "PartneringDay"), (mine.GetProperty("meeting").GetProperty("id").GetGuid(), mine.GetProperty("meeting").GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task past_capacity_partners_wait_in_line_each_seeing_only_its_own_place_and_cancel_only_their_own()
    {
        var day = await OpenPartneringDayAsync(capacity: 1);
        var seated = await platform.Client.RegisterPersonAsync("Sam", "Seated");
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.RegisterAsync(day, seated)).StatusCode);
        var (first, _) = await PartnerAsync();
        var (second, _) = await PartnerAsync();
        using var a = first;
        using var b = second;

        var firstWaits = await (await first.RegisterAsync(day)).ReadAsync<JsonElement>();
        var secondWaits = await (await second.RegisterAsync(day)).ReadAsync<JsonElement>();

        Assert.Equal(("Waiting", 1), (firstWaits.GetProperty("status").GetString(), firstWaits.GetProperty("waitingPosition").GetInt32()));
        Assert.Equal(("Waiting", 2), (secondWaits.GetProperty("status").GetString(), secondWaits.GetProperty("waitingPosition").GetInt32()));
        var secondMine = await second.GetJsonAsync("/api/meetings/mine");
        var own = Assert.Single(secondMine.GetProperty("registrations").EnumerateArray()).GetProperty("registration");
        Assert.Equal((secondWaits.GetProperty("registrantId").GetGuid(), 2), (own.GetProperty("registrantId").GetGuid(), own.GetProperty("waitingPosition").GetInt32()));
        Assert.DoesNotContain(firstWaits.GetProperty("registrantId").GetGuid().ToString(), secondMine.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/api/meetings/{day}/registrations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/api/meetings/{day}/attendance")).StatusCode);

        var notTheirs = await second.PostAsync($"/api/meetings/{day}/registrations/{firstWaits.GetProperty("registrantId").GetGuid()}/cancel", null);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal("not_yours", (await notTheirs.ProblemAsync()).GetProperty("code").GetString());

        var cancelled = await first.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{day}/registrations/{firstWaits.GetProperty("registrantId").GetGuid()}/cancel", new { reason = "travel" });
        Assert.Equal("Cancelled", (await cancelled.ReadAsync<JsonElement>()).GetProperty("status").GetString());
        var moved = Assert.Single((await second.GetJsonAsync("/api/meetings/mine")).GetProperty("registrations").EnumerateArray()).GetProperty("registration");
        Assert.Equal(1, moved.GetProperty("waitingPosition").GetInt32());
    }

    [Fact]
    public async Task a_members_only_meeting_refuses_partners_with_problem_details()
    {
        var meeting = await OpenPartneringDayAsync(capacity: 10, visibility: "MembersOnly");
        var (partner, company) = await PartnerAsync();
        using var _ = partner;
        var partnerPerson = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new
        {
            givenName = "Paul", familyName = "Partner", email = $"paul.{Guid.NewGuid():N}@partner.example", primaryAffiliation = company,
        })).ReadAsync<JsonElement>();

        // The partner's own account: the meeting does not exist for it (members-only meetings are invisible to partners).
        var self = await partner.RegisterAsync(meeting);
        Assert.Equal(HttpStatusCode.NotFound, self.StatusCode);
        Assert.Equal("application/problem+json", self.Content.Headers.ContentType?.MediaType);

        // A partner company's person, registered by staff who see the meeting: refused by the meeting's rule.
        var byStaff = await platform.Client.RegisterAsync(meeting, partnerPerson.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Equal("members_only", (await byStaff.ProblemAsync()).GetProperty("code").GetString());
        Assert.Empty((await partner.GetJsonAsync("/api/meetings/mine")).GetProperty("registrations").EnumerateArray());
    }
}
