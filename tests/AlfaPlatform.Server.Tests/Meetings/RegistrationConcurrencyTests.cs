using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;

namespace AlfaPlatform.Server.Tests.Meetings;

/// <summary>
/// Registrations arriving all at once are decided one at a time by the meeting's grain, never over capacity, never an
/// error; those that arrive while an append is in flight share the next one, each still its own command.
/// </summary>
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

    [Fact]
    public async Task registrations_that_arrive_together_share_transactions_yet_each_event_is_its_own_request_and_a_retry_with_its_key_writes_nothing()
    {
        var meeting = await platform.Client.OpenMeetingAsync(capacity: 40);
        var people = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => platform.Client.RegisterPersonAsync("Batch", $"Registrant{i}")));
        var keys = people.ToDictionary(p => p, _ => Guid.NewGuid().ToString());
        var schema = platform.Store.Options.Events.DatabaseSchemaName;
        await using var session = platform.Store.QuerySession();
        var opened = (await session.Events.FetchStreamStateAsync(meeting))!.Version;

        Task<(HttpStatusCode Status, string Body)> RegisterAsync(Guid person) => SendAsync(meeting, person, keys[person]);
        var answers = await Task.WhenAll(people.Select(RegisterAsync));
        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, $"{a.Status}: {a.Body}"));
        Assert.Equal(40, answers.Count(a => a.Body.Contains("\"Registered\"", StringComparison.Ordinal)));

        // Sixty events, one per registration, each carrying its own request's correlation id, written by fewer
        // transactions than registrations: those that waited for an append in flight were appended together.
        var written = await session.AdvancedSql.QueryAsync<string>(
            $"select jsonb_build_object('events', count(*), 'requests', count(distinct correlation_id), 'transactions', count(distinct xmin::text), " +
            $"'versions', max(version) - min(version) + 1)::text from {schema}.mt_events where stream_id = ? and version > ?",
            CancellationToken.None, meeting, opened);
        var counts = JsonDocument.Parse(written.Single()).RootElement;
        Assert.Equal(60, counts.GetProperty("events").GetInt32());
        Assert.Equal(60, counts.GetProperty("requests").GetInt32());
        Assert.Equal(60, counts.GetProperty("versions").GetInt32());
        Assert.InRange(counts.GetProperty("transactions").GetInt32(), 1, 59);

        // A retry of each, with its key, is answered as the first time and writes nothing.
        var retries = await Task.WhenAll(people.Select(RegisterAsync));
        Assert.Equal(answers.Select(a => a.Status), retries.Select(r => r.Status));
        Assert.Equal(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("arrival").GetInt32()),
            retries.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("arrival").GetInt32()));
        Assert.Equal(opened + 60, (await session.Events.FetchStreamStateAsync(meeting))!.Version);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Guid meeting, Guid person, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/meetings/{meeting}/registrations") { Content = JsonContent.Create(new { personId = person }) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-Correlation-Id", $"registration-{person:N}"); // this process's requests share its trace
        using var response = await platform.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
