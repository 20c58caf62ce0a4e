using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

[Collection(PlatformCollection.Name)]
public sealed class RosterImportTests(PlatformFixture platform)
{
    private async Task<HttpResponseMessage> ImportAsync(Guid team, string file, HttpClient? client = null) =>
        await (client ?? platform.Client).PostAsync($"/api/teams/{team}/members/import", new StringContent(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Teams", "Rosters", file)), Encoding.UTF8, "text/csv"));

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
}
