using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Teams;

/// <summary>Imports write all or nothing, and run as jobs that can be followed and cancelled.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RosterImportJobTests(PlatformFixture platform)
{
    private static string Roster(string run, int rows) =>
        "email,given_name,family_name,role,role_label,joined_on\r\n"
        + string.Concat(Enumerable.Range(1, rows).Select(i => $"p{i}.{run}@example.org,Given{i},Family{i},{(i == 1 ? "Lead" : "Biologist")},,2024-01-{(i == 1 ? 1 : 2 + (i % 27)):00}\r\n"));

    private static HttpRequestMessage Import(Guid team, string csv, string? prefer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/teams/{team}/members/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }

        return request;
    }

    /// <summary>The team's events and the people the run's files name.</summary>
    private async Task<(long TeamEvents, long People)> CountAsync(Guid team, string run)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select (select count(*) from alfa.mt_events where stream_id = @team), (select count(*) from alfa.mt_events where data->>'email' like '%' || @run || '%')", connection);
        command.Parameters.AddWithValue("team", team);
        command.Parameters.AddWithValue("run", run);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Runs <paramref name="sql"/> on the team's event inserts while <paramref name="action"/> runs.</summary>
    private async Task<T> WithTriggerAsync<T>(Guid team, string body, Func<Task<T>> action)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        var name = $"t_{team:N}";
        await using (var create = new NpgsqlCommand($"""
            create function alfa.{name}() returns trigger language plpgsql as $$
            begin if new.stream_id = '{team}' and new.version >= 3 then {body}; end if; return new; end $$;
            create trigger {name} before insert on alfa.mt_events for each row execute function alfa.{name}();
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            return await action();
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"drop trigger {name} on alfa.mt_events; drop function alfa.{name}();", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private async Task<JsonElement> FollowAsync(Uri job)
    {
        for (var attempt = 0; ; attempt++)
        {
            var state = await (await platform.Client.GetAsync(job)).ReadAsync<JsonElement>();
            if (state.GetProperty("state").GetString() != "Running" || attempt > 600)
            {
                return state;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task an_import_that_fails_while_writing_leaves_no_person_and_no_membership_behind()
    {
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var run = Guid.NewGuid().ToString("N")[..8];
        var before = await CountAsync(team, run);

        var failed = await WithTriggerAsync(team, "raise exception 'cut off by the test'", () => platform.Client.SendAsync(Import(team, Roster(run, 5))));

        Assert.Equal(before, await CountAsync(team, run));
        var roster = await (await platform.Client.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        Assert.Equal(0, roster.GetProperty("members").GetArrayLength());
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("import_failed", (await failed.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_cancelled_import_writes_nothing()
    {
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var run = Guid.NewGuid().ToString("N")[..8];
        var before = await CountAsync(team, run);

        // The import's transaction is held open in the trigger, then fails: the cancelled import settles without
        // waiting for the connection's 30 s command timeout, and has written nothing.
        var (accepted, cancelled, job) = await WithTriggerAsync(team, "perform pg_sleep(5); raise exception 'held, then rolled back by the test'", async () =>
        {
            var accepted = await platform.Client.SendAsync(Import(team, Roster(run, 20), "respond-async"));
            var location = accepted.Headers.Location!;
            // Wait until the import holds its transaction open in the trigger, then cancel it.
            while ((await (await platform.Client.GetAsync(location)).ReadAsync<JsonElement>()).GetProperty("phase").GetString() != "Writing")
            {
                await Task.Delay(50);
            }

            await Task.Delay(500);
            var cancelled = await platform.Client.DeleteAsync(location);
            return (accepted, cancelled, await FollowAsync(location));
        });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", job.GetProperty("state").GetString());
        Assert.Equal(before, await CountAsync(team, run));
        Assert.Equal(HttpStatusCode.Conflict, (await platform.Client.DeleteAsync(accepted.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task an_import_sent_to_run_in_the_background_is_followed_to_its_result()
    {
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var run = Guid.NewGuid().ToString("N")[..8];

        var accepted = await platform.Client.SendAsync(Import(team, Roster(run, 30), "respond-async"));
        var job = await FollowAsync(accepted.Headers.Location!);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("1", accepted.Headers.RetryAfter?.ToString());
        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.Equal(30, job.GetProperty("rows").GetInt32());
        Assert.Equal((30, 30), (job.GetProperty("result").GetProperty("peopleRegistered").GetInt32(), job.GetProperty("result").GetProperty("membersAdded").GetInt32()));
        var roster = await (await platform.Client.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        Assert.Equal(30, roster.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task a_file_with_bad_rows_fails_its_job_with_the_lines_and_only_staff_follow_or_cancel_imports()
    {
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var accepted = await platform.Client.SendAsync(Import(team, "email,given_name,family_name,role,role_label,joined_on\r\nnot-an-email,A,B,Lead,,2024-01-01\r\n", "respond-async"));
        // Asked to respond asynchronously, it does, even when the job has failed before the answer is written.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("respond-async", accepted.Headers.GetValues("Preference-Applied").Single());
        var job = await FollowAsync(accepted.Headers.Location!);
        using var member = await platform.SignInAsAsync(["member"]);
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Equal(400, job.GetProperty("problem").GetProperty("status").GetInt32());
        Assert.True(job.GetProperty("problem").GetProperty("errors").TryGetProperty("line 2", out _));
        foreach (var other in new[] { member, partner })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(accepted.Headers.Location)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync(accepted.Headers.Location)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/teams/{team}/members/imports/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/teams/{Guid.NewGuid()}/members/imports/{job.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task an_idempotency_key_sent_again_with_another_file_is_refused_and_never_joins_the_first_import()
    {
        var team = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);
        var run = Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Keyed(string csv)
        {
            var request = Import(team, csv, "respond-async");
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await platform.Client.SendAsync(Keyed(Roster(run, 3)));
        var job = await FollowAsync(first.Headers.Location!);
        var again = await platform.Client.SendAsync(Keyed(Roster(run, 3)));
        var other = await platform.Client.SendAsync(Keyed(Roster(run, 4)));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("Succeeded", job.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // the same job, now ended: its result
        Assert.Equal(3, (await again.ReadAsync<JsonElement>()).GetProperty("membersAdded").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var roster = await (await platform.Client.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        Assert.Equal(3, roster.GetProperty("members").GetArrayLength());
    }
}
