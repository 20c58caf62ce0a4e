using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>A partner's timeline of its request shows what the partner may see, field by field: never staff's notes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerHistoryTests(PlatformFixture platform)
{
    [Fact]
    public async Task staff_notes_of_screening_routing_and_declining_never_reach_the_partners_history_but_the_decline_does()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var team = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var notes = new[] { $"accept-note-{Guid.NewGuid():N}", $"route-reason-{Guid.NewGuid():N}" };
        const string declineMessage = "Outside the network's disease areas";
        var request = await new RequestJourney(staff, partner, team, team).DraftAsync();
        var url = $"{CollaborationApi.Requests}/{request}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { note = notes[0] }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = team, reason = notes[1] }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/decline", new { reason = "OutOfScope", message = declineMessage }).ExpectAsync(HttpStatusCode.OK);

        var forStaff = (await staff.GetAsync($"{url}/history").OkJsonAsync()).GetRawText();
        var history = await partner.GetAsync($"{url}/history").OkJsonAsync();
        var forPartner = history.GetRawText();

        Assert.All(notes, note => Assert.Contains(note, forStaff, StringComparison.Ordinal)); // the notes are there to leak
        Assert.All(notes, note => Assert.DoesNotContain(note, forPartner, StringComparison.OrdinalIgnoreCase));
        var entries = history.EnumerateArray().ToDictionary(e => e.GetProperty("event").GetString()!);
        Assert.Equal(["RequestDrafted", "RequestSubmitted", "ScreeningStarted", "AcceptedForAssessment", "RequestDeclined"], entries.Keys);
        Assert.Empty(entries["AcceptedForAssessment"].GetProperty("data").EnumerateObject());
        var declined = entries["RequestDeclined"].GetProperty("data");
        Assert.Equal(("OutOfScope", declineMessage), (declined.GetProperty("reason").GetString(), declined.GetProperty("message").GetString()));
        Assert.Equal("Declined", entries["RequestDeclined"].GetProperty("changes").EnumerateArray()
            .Single(c => c.GetProperty("field").GetString() == "state").GetProperty("after").GetString());
    }
}
