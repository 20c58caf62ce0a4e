using System.Net;
using System.Text;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// A write refused at append time (a unique value taken, a stream moved on, an account name taken in a race) leaves
/// no row in mt_events, not even Marten's tombstone, and what it would have written appears in no log line (nor is it
/// logged as an error).
/// Races are made deterministic: the rival's write is held open until the refused one waits on it, then committed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RefusedWriteTests(PlatformFixture platform)
{
    private readonly EventStore _store = platform.App.Services.GetRequiredService<EventStore>();
    private static readonly CommandContext Context = new("test", "correlation", "causation");

    private static OrganisationRegistered Registered(Guid id, string acronym) =>
        new(id, "Refused writes", acronym, OrganisationKind.ResearchTeam, null, "FR", [], null);

    private async Task<(Guid Id, Organisation State)> RegisterAsync(string? acronym = null)
    {
        var id = Guid.NewGuid();
        var registered = Registered(id, acronym ?? "RW" + id.ToString("N")[..8]);
        var state = Organisation.Evolve(null, registered);
        await _store.AppendAsync(id, 0, [registered], null, state, Context);
        return (id, state);
    }

    [Fact]
    public async Task appends_refused_for_their_version_leave_no_row()
    {
        var (id, state) = await RegisterAsync();
        var declared = new CapabilityDeclared(Capability.Diagnostics);
        await _store.AppendAsync(id, 1, [declared], state, Organisation.Evolve(state, declared), Context);
        var before = await EventRowsAsync();

        var stale = new CapabilityDeclared(Capability.ClinicalTrials);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => _store.AppendAsync(id, 1, [stale], state, Organisation.Evolve(state, stale), Context));
        var again = Registered(id, "RW-AGAIN-" + id.ToString("N")[..6]);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => _store.AppendAsync(id, 0, [again], null, Organisation.Evolve(null, again), Context));
        // The rival appends version 3 and holds its transaction open while ours, expecting version 2 too, waits on it.
        var later = Organisation.Evolve(state, declared);
        var ours = new CapabilityDeclared(Capability.TargetDiscovery);
        var raced = await RaceAsync(
            rival => rival.Events.Append(id, 3, new CapabilityDeclared(Capability.DrugDevelopment)),
            () => _store.AppendAsync(id, 2, [ours], later, Organisation.Evolve(later, ours), Context));

        Assert.IsType<StreamVersionConflictException>(raced);
        Assert.Equal(before with { Rows = before.Rows + 1, Numbered = before.Numbered + 1 }, await EventRowsAsync()); // the rival's event only
    }

    [Fact]
    public async Task an_append_that_loses_a_race_for_a_unique_value_leaves_no_row()
    {
        var acronym = "RW" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var id = Guid.NewGuid();
        var registered = Registered(id, acronym);
        var before = await EventRowsAsync();

        // The rival claims the acronym and holds its transaction open while ours, which could not see it yet, waits on it.
        var refused = await RaceAsync(
            rival => rival.Insert(new UniqueKeyClaim(new AlfaPlatform.Domain.Common.UniqueKey("organisation acronym", acronym).Normalised, "organisation acronym", acronym, Guid.NewGuid())),
            () => _store.AppendAsync(id, 0, [registered], null, Organisation.Evolve(null, registered), Context));

        Assert.IsType<UniqueKeyTakenException>(refused);
        Assert.Equal(before, await EventRowsAsync());
        Assert.Equal(0, (await _store.LoadAsync<Organisation>(id)).Version);
    }

    [Fact]
    public async Task refused_duplicates_over_http_leave_no_row_and_no_log_line_holds_their_personal_data()
    {
        var run = Guid.NewGuid().ToString("N");
        var email = $"taken.{run}@example.org";
        (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = "Ada", familyName = "First", email }))
            .EnsureSuccessStatusCode();
        var organisation = await platform.Client.RegisterOrganisationAsync();
        var before = await EventRowsAsync();
        var linesBefore = platform.Logs.Lines.Count;

        // A person with the email of an active one; an organisation with a taken acronym.
        var secondPerson = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = $"Given{run}", familyName = $"Family{run}", email });
        var secondOrganisation = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = $"Organisation {run}", acronym = organisation.Acronym, kind = "ResearchTeam", country = "FR",
        });

        // An account whose user name another staff member takes at the same moment (past the handler's own check).
        var userName = $"raced.{run}@example.org";
        var displayName = $"Raced {run}";
        var account = await RaceAsync(
            rival => rival.Insert(new Account(Guid.NewGuid(), userName, "Rival", "no password", [Roles.Member], null, IsActive: true, DateTimeOffset.UtcNow)),
            () => platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName, roles = new[] { "member" } }));

        // A person whose email another registration claims at the same moment (past the grain's own check).
        var racedEmail = $"raced.person.{run}@example.org";
        var racedPerson = await RaceAsync(
            rival => rival.Insert(new UniqueKeyClaim(new AlfaPlatform.Domain.Common.UniqueKey("person email", racedEmail).Normalised, "person email", racedEmail, Guid.NewGuid())),
            () => platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = "Raced", familyName = "Person", email = racedEmail }));

        // A roster naming one person twice: refused by line, and the reason names them.
        var organisationForTeam = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisationForTeam.Id);
        var beforeRoster = await EventRowsAsync();
        var twice = $"twice.{run}@example.org";
        var roster = await platform.Client.PostAsync($"/api/teams/{team}/members/import", new StringContent(
            "email,given_name,family_name,role,role_label,joined_on\r\n" + $"{twice},Tom,Twice,Lead,,2024-01-01\r\n{twice},Tom,Twice,Lead,,2024-01-01\r\n",
            Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Conflict, secondPerson.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, secondOrganisation.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, Assert.IsType<HttpResponseMessage>(account).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, Assert.IsType<HttpResponseMessage>(racedPerson).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, roster.StatusCode);
        Assert.Equal(beforeRoster, await EventRowsAsync());
        Assert.Equal(before with { Rows = before.Rows + 2, Numbered = before.Numbered + 2 }, beforeRoster); // the team's organisation and the team only
        var personal = new[] { email, run, twice, userName, displayName, racedEmail };
        var lines = platform.Logs.Lines.Skip(linesBefore).ToList();
        Assert.DoesNotContain(lines, line => personal.Any(value => line.Contains(value, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(lines, line => line.StartsWith("Error", StringComparison.Ordinal)); // a refusal is no error
    }

    /// <summary>
    /// Every row of mt_events (Marten's tombstones included), and how many event numbers were handed out: Marten writes
    /// a failed save's tombstones in the background, one for each number its events were given, so a refusal that took
    /// no number can leave no row, even later.
    /// </summary>
    private async Task<EventRows> EventRowsAsync()
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select (select count(*) from alfa.mt_events), (select case when is_called then last_value else 0 end from alfa.mt_events_sequence)", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new EventRows(reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed record EventRows(long Rows, long Numbered);

    /// <summary>
    /// Runs <paramref name="rival"/>'s writes in a transaction held open until <paramref name="ours"/> waits on a lock
    /// it holds, then commits them: ours has passed its own checks and meets the rival's write only in the database.
    /// </summary>
    private async Task<object> RaceAsync<T>(Action<IDocumentSession> rival, Func<Task<T>> ours)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var session = platform.Store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        rival(session);
        await session.SaveChangesAsync();

        var attempt = Attempt(ours);
        await WaitUntilSomeoneWaitsOnALockAsync(connection.ProcessID);
        await transaction.CommitAsync();
        return await attempt;
    }

    private static async Task<object> Attempt<T>(Func<Task<T>> ours)
    {
        try
        {
            return (await ours())!;
        }
        catch (Exception e) when (e is StreamVersionConflictException or UniqueKeyTakenException)
        {
            return e;
        }
    }

    private async Task WaitUntilSomeoneWaitsOnALockAsync(int holder)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand("select count(*) from pg_stat_activity where @holder = any(pg_blocking_pids(pid))", connection);
        waiting.Parameters.AddWithValue("holder", holder);
        for (var polls = 0; (long)(await waiting.ExecuteScalarAsync())! == 0; polls++)
        {
            Assert.True(polls < 3000, "Our write never met the rival's lock.");
            await Task.Delay(10);
        }
    }
}
