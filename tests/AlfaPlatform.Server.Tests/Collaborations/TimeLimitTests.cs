using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// Time limits run on the platform's clock and are watched by durable reminders: a screening left undone is flagged
/// once its due day has passed, even when the host was down in between. The clock is shifted by configuration
/// (<c>Platform:ClockOffset</c>), which is how the test makes ten days pass across a restart. After a restart the flag
/// may come from the silo's start-up check or from the stored reminder, whichever runs first: the test holds the
/// platform to the outcome. That a stored reminder itself fires on a new host is shown by
/// <c>ReminderTableTests</c>; that a reminder flags a step on a running host, by the test below with an advancing clock.
/// </summary>
public sealed class TimeLimitTests : OwnDatabaseTests
{
    private static readonly Dictionary<string, string?> FastReminders = new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:01",
        ["Collaborations:TimeLimitCheckPeriod"] = "00:00:01",
    };

    [Fact]
    public async Task an_overdue_screening_is_flagged_after_the_time_limit_also_when_the_host_was_restarted_in_between()
    {
        var first = await StartAsync(settings: FastReminders, environment: "Testing");
        using var staff = await PlatformFixture.CreateClientAsync(first);
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await Accounts.SignInAsNewAccountAsync(first, staff, ["partner"], company.Id);
        var request = await SubmitAsync(partner);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var submitted = await ReadAsync(staff, request);
        var due = DateOnly.Parse(submitted.GetProperty("screeningDueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5, WorkingDaysBetween(today, due));
        Assert.False(submitted.GetProperty("overdue").GetBoolean());
        Assert.Empty(await OverdueAsync(staff));

        await StopAsync(first);
        var later = await StartAsync(settings: new(FastReminders) { ["Platform:ClockOffset"] = "10.00:00:00" }, environment: "Testing");
        using var staffLater = await PlatformFixture.CreateClientAsync(later);

        var flagged = await EventuallyAsync(async () => (await OverdueAsync(staffLater)).Contains(request));
        Assert.True(flagged, "the screening was not flagged overdue within a minute of the restart");
        var seen = await ReadAsync(staffLater, request);
        Assert.True(seen.GetProperty("screeningOverdue").GetBoolean());
        var history = await (await staffLater.GetAsync($"/api/collaborations/{request}/history")).ReadAsync<JsonElement>();
        var overdue = Assert.Single(history.EnumerateArray(), e => e.GetProperty("event").GetString() == "ScreeningOverdue");
        Assert.Equal("system", overdue.GetProperty("actor").GetString());

        // Flagged once: later ticks add nothing, and the partner sees it is late too.
        var version = seen.GetProperty("version").GetInt64();
        using var partnerLater = await Accounts.SignInAsNewAccountAsync(later, staffLater, ["partner"], company.Id);
        Assert.True((await ReadAsync(partnerLater, request)).GetProperty("screeningOverdue").GetBoolean());
        Assert.Equal(version, (await ReadAsync(staffLater, request)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_running_host_flags_an_unanswered_routing_when_its_reminder_finds_the_due_day_passed()
    {
        var app = await StartAsync(settings: FastReminders);
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await Accounts.SignInAsNewAccountAsync(app, staff, ["partner"], company.Id);
        var request = await SubmitAsync(partner);
        var team = (await staff.RegisterOrganisationAsync()).Id; // a network organisation, routed as a whole
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/collaborations/{request}/screening", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/accept", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/routings", new { targetId = team, reason = "capabilities" })).StatusCode);
        Assert.Empty(await OverdueAsync(staff));

        app.Services.GetRequiredService<PlatformClock>().Advance(TimeSpan.FromDays(15));

        Assert.True(await EventuallyAsync(async () => (await OverdueAsync(staff)).Contains(request)), "the answer was not flagged overdue");
        var routing = Assert.Single((await ReadAsync(staff, request)).GetProperty("routings").EnumerateArray());
        Assert.True(routing.GetProperty("overdue").GetBoolean());
        Assert.False((await ReadAsync(staff, request)).GetProperty("screeningOverdue").GetBoolean()); // screened in time
    }

    /// <summary>
    /// Two silos whose clocks are ten days apart: a request decided on the first has its screening due in five working
    /// days there, but long past on the second. While the first runs, its requests' reminders tick and find nothing late.
    /// Once it is killed, the reminders go on from the table on the survivor, which reactivates those requests and
    /// flags them. The requests the survivor itself decided are due ten days later and stay unflagged.
    /// </summary>
    [Fact]
    public async Task when_a_silo_is_killed_its_requests_reminders_fire_on_the_survivor_which_flags_the_overdue_steps()
    {
        var fast = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing", // a shifted clock is refused in Production
            ["Orleans__MinimumReminderPeriod"] = "00:00:01",
            ["Collaborations__TimeLimitCheckPeriod"] = "00:00:01",
        };
        // Both silos serve the API too, each signing its callers in by its own clock.
        await using var today = await PlatformProcess.StartAsync(Database, PlatformRole.Combined, variables: fast);
        await using var later = await PlatformProcess.StartAsync(Database, PlatformRole.Combined,
            variables: new Dictionary<string, string>(fast) { ["Platform__ClockOffset"] = "10.00:00:00" });
        await using var cluster = await ClusterObserver.ConnectAsync(Database);
        using var staff = await later.SignInAsync();
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await Accounts.SignInAsNewAccountAsync(later.CreateClient(), staff, ["partner"], company.Id);
        using var staffToday = await today.SignInAsync();
        using var partnerToday = await Accounts.SignInAsNewAccountAsync(today.CreateClient(), staffToday, ["partner"], company.Id);

        // Orleans places each request where it likes, and its default placement (resource-optimized) prefers the silo a
        // call arrives at while the silos' loads are close: submit through each silo in turn until each has decided some.
        var decidedOn = new Dictionary<int, List<Guid>> { [today.SiloPort] = [], [later.SiloPort] = [] };
        for (var i = 0; i < 30 && decidedOn.Values.Any(requests => requests.Count < 2); i++)
        {
            var request = await SubmitAsync(i % 2 == 0 ? partner : partnerToday);
            var silo = await cluster.HostOfAsync<ICollaborationGrain>(request) ?? throw new InvalidOperationException($"Request {request} is active nowhere.");
            decidedOn[silo.Endpoint.Port].Add(request);
        }

        Assert.All(decidedOn.Values, requests => Assert.True(requests.Count >= 2, "Orleans placed all requests on one silo."));
        await Task.Delay(TimeSpan.FromSeconds(2)); // reminders tick on both silos meanwhile
        Assert.Empty(await FlaggedAsync([.. decidedOn.Values.SelectMany(r => r)]));

        await today.KillAsync();

        var reminded = decidedOn[today.SiloPort];
        // The survivor takes the lost silo's reminders once the cluster has voted it dead.
        using var limit = new CancellationTokenSource(PlatformProcess.DeathVoteLimit);
        while ((await FlaggedAsync(reminded)).Count < reminded.Count)
        {
            await Task.Delay(250, limit.Token); // until all are flagged, or the limit fails the test
        }

        Assert.Empty(await FlaggedAsync(decidedOn[later.SiloPort]));
        // Reactivated there: found at once, or at its reminder's next tick when the survivor let go of it meanwhile (a
        // reminder not kept while the lost silo's reminders are handed over deactivates the grain, to try again).
        using var found = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var request in reminded)
        {
            SiloAddress? host;
            while ((host = await cluster.HostOfAsync<ICollaborationGrain>(request)) is null)
            {
                await Task.Delay(250, found.Token);
            }

            Assert.Equal(later.SiloPort, host.Endpoint.Port);
        }
    }

    /// <summary>The requests among <paramref name="requests"/> whose stream holds a screening flagged overdue.</summary>
    private async Task<List<Guid>> FlaggedAsync(IReadOnlyCollection<Guid> requests)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var flagged = new NpgsqlCommand(
            "select distinct stream_id from alfa.mt_events where type = 'screening_overdue' and stream_id = any($1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = requests.ToArray() } },
        };
        var found = new List<Guid>();
        await using var reader = await flagged.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    [Fact]
    public async Task the_clock_cannot_be_shifted_in_production()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(settings: new() { ["Platform:ClockOffset"] = "1.00:00:00" }));
        Assert.Contains("Production", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<Guid> SubmitAsync(HttpClient partner)
    {
        var drafted = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new { title = "Cohort access", summary = "AML cohort with MRD" });
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var id = (await drafted.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await partner.PostAsync($"/api/collaborations/{id}/submit", null)).StatusCode);
        return id;
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, Guid request) =>
        await (await client.GetAsync($"/api/collaborations/{request}")).ReadAsync<JsonElement>();

    private static async Task<List<Guid>> OverdueAsync(HttpClient staff)
    {
        var page = await (await staff.GetAsync("/api/collaborations?overdue=true")).ReadAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];
    }

    private static int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            count += day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }

        return count;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!timeout.IsCancellationRequested)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200, CancellationToken.None);
        }

        return false;
    }
}
