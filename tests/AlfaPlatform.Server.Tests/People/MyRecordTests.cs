using System.Net;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.People;

/// <summary>GET /api/people/me: a member's own record, the person staff linked to their account, with their teams over time.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MyRecordTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_linked_member_reads_their_own_record_with_contact_details_and_memberships()
    {
        var (member, person) = await platform.SignInAsLinkedMemberAsync("Rosa", "Record");
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        await platform.Client.AddMemberAsync(team, person, "Lead", "2023-03-01").ExpectAsync(HttpStatusCode.OK);

        var mine = await member.GetAsync("/api/people/me").OkJsonAsync();

        Assert.Equal(person, mine.GetProperty("person").GetProperty("id").GetGuid());
        Assert.StartsWith("rosa.record.", mine.GetProperty("person").GetProperty("email").GetString());
        var membership = Assert.Single(mine.GetProperty("memberships").EnumerateArray());
        Assert.Equal(team, membership.GetProperty("teamId").GetGuid());
        Assert.Equal("2023-03-01", membership.GetProperty("joinedOn").GetString());
    }

    [Fact]
    public async Task an_unlinked_member_hears_404_and_a_partner_403()
    {
        using var unlinked = await platform.SignInAsAsync(["member"]);
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();

        await unlinked.GetAsync("/api/people/me").ExpectAsync(HttpStatusCode.NotFound);
        await partner.GetAsync("/api/people/me").ExpectAsync(HttpStatusCode.Forbidden);
    }
}
