using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// A request's access log: every staff or team opening of its confidential details, who, in which role and for which
/// routed target; the partner's own readings are not in it; only the request's partner and staff read it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessLogTests(PlatformFixture platform)
{
    [Fact]
    public async Task the_access_log_lists_each_staff_or_team_reading_and_only_the_partner_and_staff_read_it()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (a, teamA, _) = await platform.SignInAsMemberOfANewTeamAsync("Bioinformatician", "AML");
        var (b, _, organisationB) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        var (c, _, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        using var memberA = a;
        using var memberB = b;
        using var memberC = c;
        using var viewer = await platform.SignInAsAsync(["viewer"]);
        using var otherPartner = await platform.SignInAsPartnerOfANewCompanyAsync();

        // No agreement asked for: a routed team may open the details as soon as the request is routed to it.
        var journey = new RequestJourney(staff, partner, teamA, Guid.Empty);
        var id = await journey.DraftAsync(RequestJourney.Details("Open to routed teams", agreementRequired: false));
        var url = $"{Requests}/{id}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { }).ExpectAsync(HttpStatusCode.OK);
        await memberA.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.NotFound); // not routed yet
        await staff.PostAsync($"{url}/routings", new { targetId = teamA, reason = "MRD" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = organisationB, reason = "the whole institute" }).ExpectAsync(HttpStatusCode.OK);

        // Reading the request, its list or its history opens nothing; the partner's own openings are not logged.
        await staff.GetAsync(url).ExpectAsync(HttpStatusCode.OK);
        await staff.GetAsync($"{url}/history").ExpectAsync(HttpStatusCode.OK);
        await memberA.GetAsync(url).ExpectAsync(HttpStatusCode.OK);
        await memberA.GetAsync(Requests).ExpectAsync(HttpStatusCode.OK);
        await partner.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, (await partner.GetAsync($"{url}/access-log").OkJsonAsync()).GetArrayLength());

        foreach (var reader in new[] { staff, memberA, memberB, partner, staff })
        {
            var opened = await reader.PostAsync($"{url}/confidential", null).OkJsonAsync();
            Assert.Equal(RequestJourney.ConfidentialDetails, opened.GetProperty("confidentialDetails").GetString());
        }

        await memberC.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.NotFound);

        var log = (await partner.GetAsync($"{url}/access-log").OkJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["staff", "member", "member", "staff"], log.Select(r => r.GetProperty("role").GetString()));
        Assert.Equal([[], [teamA], [organisationB], []], log.Select(r => r.GetProperty("teams").EnumerateArray().Select(t => t.GetGuid()).ToArray()));
        Assert.All(log, r => Assert.Equal(id, r.GetProperty("requestId").GetGuid()));
        Assert.All(log, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("actorId").GetString())));
        Assert.Equal(log[0].GetProperty("actorId").GetString(), log[3].GetProperty("actorId").GetString());
        Assert.NotEqual(log[1].GetProperty("actorId").GetString(), log[2].GetProperty("actorId").GetString());
        Assert.Equal(log.Select(r => r.GetProperty("at").GetDateTimeOffset()).Order(), log.Select(r => r.GetProperty("at").GetDateTimeOffset()));
        var forStaff = await staff.GetAsync($"{url}/access-log").OkJsonAsync();
        Assert.Equal(log.Select(r => r.GetProperty("id").GetGuid()), forStaff.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));

        // Nobody else reads it: a routed team's member and others are refused by role, another partner is told it does not exist.
        await memberA.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.Forbidden);
        await memberB.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.Forbidden);
        await memberC.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.Forbidden);
        await viewer.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.Forbidden);
        await otherPartner.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.NotFound);
        await platform.Anonymous.GetAsync($"{url}/access-log").ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(log.Count, (await partner.GetAsync($"{url}/access-log").OkJsonAsync()).GetArrayLength());
    }
}
