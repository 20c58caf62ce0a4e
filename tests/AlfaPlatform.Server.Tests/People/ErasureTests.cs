using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.People;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Npgsql;

namespace AlfaPlatform.Server.Tests.People;

/// <summary>
/// Erasure at a person's request (ADR 0008): afterwards no table of the database holds their data, and the structure
/// (their memberships, with dates and roles) remains, shown as "erased person".
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ErasureTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    [Fact]
    public async Task after_erasure_no_table_holds_the_persons_data_and_the_roster_shows_erased_person()
    {
        var unique = Letters(10);
        var (given, family, marriedName) = ($"Ysolde{unique}", $"Quennell{unique}", $"Brakespeare{unique}");
        var (email, newEmail) = ($"ysolde.{unique}@example.org", $"y.brakespeare.{unique}@example.org");
        var (phone, newPhone, orcid, newOrcid) = (NewPhone(), NewPhone(), NewOrcid(), NewOrcid());
        string[] personalData = [given, family, marriedName, email, newEmail, phone, newPhone, orcid, newOrcid];

        var registered = await _staff.SendJsonAsync(HttpMethod.Post, "/api/people", new
        {
            givenName = given, familyName = family, email, orcid, title = "Dr", phone,
        });
        registered.EnsureSuccessStatusCode();
        var person = (await registered.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        var organisation = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await _staff.CreateTeamAsync(organisation.Id);
        var lead = await _staff.RegisterPersonAsync("Lena", "Lead");
        Assert.Equal(HttpStatusCode.OK, (await _staff.AddMemberAsync(team, lead, "Lead", "2023-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _staff.AddMemberAsync(team, person, "PostDoc", "2023-04-01")).StatusCode);
        var left = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{person}/leave", new
        {
            on = "2025-01-31", reason = $"{given} {marriedName} moved to Lyon",
        });
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        var updated = await _staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/profile", new
        {
            givenName = given, familyName = marriedName, email = newEmail, orcid = newOrcid, title = "Prof", phone = newPhone,
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // Their sign-in account (user name: their email), linked to them, which has acted once (its name is on that event).
        const string password = "a-long-enough-password";
        var opened = await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = newEmail, displayName = $"{given} {marriedName}", roles = new[] { "member" }, password,
        });
        opened.EnsureSuccessStatusCode();
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        Assert.True((await platform.Grains.GetGrain<IPersonGrain>(person).ExecuteAsync(new LinkPersonToAccount(account), null)).IsAccepted);
        using var member = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(member, newEmail, password);
        var changed = await member.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = password, newPassword = "another-long-password" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEmpty(await TablesHoldingAsync(personalData)); // the search finds what is there

        var erased = await _staff.PostAsync($"/api/people/{person}/erase", null);
        var again = await _staff.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            (await erased.ReadAsync<JsonElement>()).GetProperty("version").GetInt64(),
            (await again.ReadAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Empty(await TablesHoldingAsync(personalData));

        var roster = await (await _staff.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        var membership = Assert.Single(roster.GetProperty("members").EnumerateArray(), m => m.GetProperty("personId").GetGuid() == person);
        Assert.Equal("erased person", membership.GetProperty("name").GetString());
        Assert.Equal("PostDoc", membership.GetProperty("role").GetString());
        Assert.Equal("2023-04-01", membership.GetProperty("joinedOn").GetString());
        Assert.Equal("2025-01-31", membership.GetProperty("leftOn").GetString());
        var then = await (await _staff.GetAsync($"/api/teams/{team}/members?asOf=2024-06-30")).ReadAsync<JsonElement>();
        Assert.Contains(then.GetProperty("members").EnumerateArray(), m => m.GetProperty("personId").GetGuid() == person
            && m.GetProperty("name").GetString() == "erased person");

        var record = await (await _staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>();
        Assert.Equal("erased person", record.GetProperty("name").GetString());
        Assert.True(record.GetProperty("isErased").GetBoolean());
        Assert.False(record.GetProperty("isActive").GetBoolean());
        Assert.Equal(("", ""), (record.GetProperty("givenName").GetString(), record.GetProperty("familyName").GetString()));
        Assert.All(
            new[] { "email", "orcid", "title", "phone" },
            field => Assert.Equal(JsonValueKind.Null, record.GetProperty(field).ValueKind));
        var past = await (await _staff.GetAsync($"/api/people/{person}?asOf={DateTime.UtcNow:yyyy-MM-dd}")).ReadAsync<JsonElement>();
        Assert.Equal("erased person", past.GetProperty("name").GetString());

        var history = await (await _staff.GetAsync($"/api/people/{person}/history")).ReadAsync<JsonElement>();
        Assert.Equal(
            ["PersonRegistered", "PersonProfileUpdated", "PersonLinkedToAccount", "PersonErased"],
            history.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.All(history.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetString())));

        // The account can no longer sign in, and its token is refused at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/me")).StatusCode);
        var signIn = await platform.Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = newEmail, ["password"] = "another-long-password",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task only_staff_erase_a_person(string role)
    {
        var person = await _staff.RegisterPersonAsync("Nora", "Notyet");
        using var client = await platform.SignInAsAsync([role]);
        var before = await platform.CountEventsAsync();

        var erase = await client.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal("Nora Notyet", (await (await _staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task a_deactivated_person_can_be_erased_and_an_unknown_one_is_not_found()
    {
        var person = await _staff.RegisterPersonAsync("Dora", "Deactivated");
        Assert.Equal(HttpStatusCode.OK, (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/people/{person}/deactivate", new { reason = "left" })).StatusCode);

        var erased = await _staff.PostAsync($"/api/people/{person}/erase", null);
        var unknown = await _staff.PostAsync($"/api/people/{Guid.NewGuid()}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("erased person", (await erased.ReadAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var update = await _staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/profile", new { givenName = "Dora", familyName = "Back", email = "dora@example.org" });
        Assert.Equal("erased", (await update.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task staff_cannot_erase_themselves()
    {
        var person = await _staff.RegisterPersonAsync("Sam", "Staff");
        var userName = $"sam.{Guid.NewGuid():N}@example.org";
        const string password = "a-long-enough-password";
        var opened = await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = "Sam Staff", roles = new[] { "staff" }, password });
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        Assert.True((await platform.Grains.GetGrain<IPersonGrain>(person).ExecuteAsync(new LinkPersonToAccount(account), null)).IsAccepted);
        using var sam = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(sam, userName, password);

        var erase = await sam.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal("own_record", (await erase.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal("Sam Staff", (await (await _staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>()).GetProperty("name").GetString());
    }

    /// <summary>Every table of every schema but PostgreSQL's own, each row read whole as text: "table: value" for each hit.</summary>
    private async Task<List<string>> TablesHoldingAsync(IReadOnlyList<string> values)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_catalog.pg_tables " +
            "where schemaname not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains(tables, t => t.EndsWith(".mt_events", StringComparison.Ordinal));
        var hits = new List<string>();
        foreach (var table in tables)
        {
            foreach (var value in values)
            {
                await using var search = new NpgsqlCommand($"select count(*) from {table} t where strpos(lower(t::text), lower($1)) > 0", connection)
                {
                    Parameters = { new NpgsqlParameter { Value = value } },
                };
                if ((long)(await search.ExecuteScalarAsync())! > 0)
                {
                    hits.Add($"{table}: {value}");
                }
            }
        }

        return hits;
    }

    private static string Letters(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26))));

    private static string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));

    private static string NewPhone() => $"+33 6 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}";

    /// <summary>A random ORCID iD with a valid checksum.</summary>
    private static string NewOrcid()
    {
        var digits = Digits(15);
        var stem = $"{digits[..4]}-{digits[4..8]}-{digits[8..12]}-{digits[12..]}";
        return "0123456789X".Select(check => stem + check).Single(Orcid.IsValid);
    }

    [Fact]
    public async Task a_person_still_in_a_team_cannot_be_erased_until_they_left()
    {
        var organisation = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await _staff.CreateTeamAsync(organisation.Id);
        var person = await _staff.RegisterPersonAsync("Still", "Member");
        await _staff.AddMemberAsync(team, person, "Lead", "2024-01-01");
        var before = await platform.CountEventsAsync();

        var refused = await _staff.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("still_a_member", (await refused.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }
}
