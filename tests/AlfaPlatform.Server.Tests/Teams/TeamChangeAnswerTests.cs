using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

/// <summary>
/// A change to a team or a person answers with the record its grain committed: byte for byte, and ETag for ETag, what
/// a read of the record then shows to the same caller.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TeamChangeAnswerTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_team_or_person_change_answers_what_a_read_then_shows()
    {
        var staff = platform.Client;
        var organisation = await staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = "Answers", focusAreas = new[] { "AML" } });
        var team = created.Headers.Location!.ToString();
        await AnswersAsReadAsync(created, team);

        var person = await staff.RegisterPersonAsync("Ada", "Answer");
        await AnswersAsReadAsync(await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/profile", new
        {
            givenName = "Ada", familyName = "Answered", email = $"ada.{Guid.NewGuid():N}@example.org", phone = "+33 1 23 45 67 89",
        }), $"/api/people/{person}");

        await AnswersAsReadAsync(await staff.SendJsonAsync(HttpMethod.Put, $"{team}/name", new { name = "Answered" }), team);
        await AnswersAsReadAsync(await staff.AddMemberAsync(Guid.Parse(team[(team.LastIndexOf('/') + 1)..]), person, "Lead", "2024-01-10"), team);
    }

    private async Task AnswersAsReadAsync(HttpResponseMessage change, string location)
    {
        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());
        var read = await platform.Client.GetAsync(location);
        read.EnsureSuccessStatusCode();
        Assert.Equal(await read.Content.ReadAsStringAsync(), await change.Content.ReadAsStringAsync());
        Assert.Equal(read.Headers.ETag, change.Headers.ETag);
    }
}
