using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>Registrations arriving all at once are decided one at a time by the meeting's grain: never over capacity, never an error.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RegistrationConcurrencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task three_hundred_concurrent_registrations_to_a_hundred_seats_give_a_hundred_registered_and_two_hundred_waiting_in_arrival_order()
    {
        var meeting = await platform.Client.OpenMeetingAsync(capacity: 100);
        var people = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => platform.Client.RegisterPersonAsync("Rush", $"Registrant{i}")));

        var answers = await Task.WhenAll(people.Select(async person =>
        {
            var response = await platform.Client.RegisterAsync(meeting, person);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{a.StatusCode}: {a.Body}"));
        var bodies = answers.Select(a => JsonDocument.Parse(a.Body).RootElement).ToList();
        Assert.Equal(100, bodies.Count(b => b.GetProperty("status").GetString() == "Registered"));
        Assert.Equal(200, bodies.Count(b => b.GetProperty("status").GetString() == "Waiting"));

        var registrations = await platform.Client.GetJsonAsync($"/api/meetings/{meeting}/registrations");
        var seated = registrations.GetProperty("registered").EnumerateArray().Select(r => r.GetProperty("arrival").GetInt32()).ToList();
        var waiting = registrations.GetProperty("waitingList").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 100), seated);
        Assert.Equal(Enumerable.Range(101, 200), waiting.Select(w => w.GetProperty("arrival").GetInt32()));
        Assert.Equal(Enumerable.Range(1, 200), waiting.Select(w => w.GetProperty("waitingPosition").GetInt32()));
        Assert.Equal(300, registrations.GetProperty("registered").GetArrayLength() + waiting.Count + registrations.GetProperty("pendingApproval").GetArrayLength()
            + registrations.GetProperty("cancelled").GetArrayLength() + registrations.GetProperty("declined").GetArrayLength());
        Assert.Equal(people.ToHashSet(), registrations.GetProperty("registered").EnumerateArray().Concat(waiting).Select(r => r.GetProperty("registrantId").GetGuid()).ToHashSet());

        // The answer each caller got agrees with the list: the same arrival number and status.
        var byPerson = registrations.GetProperty("registered").EnumerateArray().Concat(waiting)
            .ToDictionary(r => r.GetProperty("registrantId").GetGuid(), r => (r.GetProperty("arrival").GetInt32(), r.GetProperty("status").GetString()));
        Assert.All(bodies, b => Assert.Equal(byPerson[b.GetProperty("registrantId").GetGuid()], (b.GetProperty("arrival").GetInt32(), b.GetProperty("status").GetString())));
    }
}
