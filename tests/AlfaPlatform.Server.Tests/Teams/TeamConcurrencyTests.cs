using System.Net;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class TeamConcurrencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task fifty_concurrent_adds_of_distinct_people_all_succeed_exactly_once()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var lead = await platform.Client.RegisterPersonAsync("Lead", "Person");
        await platform.Client.AddMemberAsync(team, lead, "Lead", "2024-01-01");
        var people = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => platform.Client.RegisterPersonAsync($"P{i}", "Concurrent")));

        var added = await Task.WhenAll(people.Select(person => platform.Client.AddMemberAsync(team, person, "Engineer", "2024-02-01")));

        Assert.All(added, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await using var session = platform.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(team);
        Assert.Equal(52, events.Count); // created, lead, 50 members: each exactly once
    }

    [Fact]
    public async Task fifty_concurrent_adds_of_the_same_person_succeed_once_and_the_others_get_409()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var lead = await platform.Client.RegisterPersonAsync("Lead", "Person");
        await platform.Client.AddMemberAsync(team, lead, "Lead", "2024-01-01");
        var person = await platform.Client.RegisterPersonAsync("Same", "Person");

        var added = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => platform.Client.AddMemberAsync(team, person, "Engineer", "2024-02-01")));

        Assert.Single(added, response => response.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, added.Count(response => response.StatusCode == HttpStatusCode.Conflict));
    }
}
