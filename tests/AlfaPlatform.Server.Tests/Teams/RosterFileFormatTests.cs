using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Teams;

/// <summary>A roster file is read as written, never guessed at: malformed quoting and bytes that are not text in its charset are 400 naming the line.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RosterFileFormatTests(PlatformFixture platform)
{
    private const string Header = "email,given_name,family_name,role,role_label,joined_on\r\n";

    [Theory]
    [InlineData("ann.{0}@example.org,Ann,\"Un\"closed,Lead,,2024-01-01\r\n", "line 2", "After the closing quote")]
    [InlineData("ann.{0}@example.org,Ann,Un\"closed,Lead,,2024-01-01\r\n", "line 2", "A quote in the middle of a field")]
    [InlineData("ann.{0}@example.org,Ann,\"Two\r\nLines\",Lead,,2024-01-01\r\nbob.{0}@example.org,Bob,\"Never closed,Engineer,,2024-01-01\r\n", "line 4", "never closed")]
    [InlineData("ann.{0}@example.org,Ann,\"Two\r\nLines\",Lead,,2024-01-01\r\nbob.{0}@example.org,Bob,\"Bob\" Jr,Engineer,,2024-01-01\r\n", "line 4", "After the closing quote")]
    public async Task malformed_quoting_is_refused_naming_its_line_and_nothing_is_written(string rows, string line, string error)
    {
        var team = await NewTeamAsync();
        var before = await platform.CountEventsAsync();

        var refused = await ImportAsync(team, Encoding.UTF8.GetBytes(Header + string.Format(System.Globalization.CultureInfo.InvariantCulture, rows, team.ToString("N"))), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal([line], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains(error, errors.GetProperty(line)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("text/csv; charset=utf-8")]
    public async Task a_file_that_is_not_utf8_and_declares_no_other_charset_is_refused_naming_the_line_and_column(string contentType)
    {
        var team = await NewTeamAsync();
        var before = await platform.CountEventsAsync();
        // UTF-8 up to line 3 (a byte order mark, an accent), then "Rémi" as Windows-1252 writes it: 0xE9 alone is not UTF-8.
        var bytes = Encoding.UTF8.GetPreamble()
            .Concat(Encoding.UTF8.GetBytes(Header + $"helene.{team:N}@example.org,Hélène,Petit,Lead,,2023-09-01\r\nremi.{team:N}@example.org,R"))
            .Concat(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("émi,Durand,Engineer,,2024-01-15\r\n"))
            .ToArray();

        var refused = await ImportAsync(team, bytes, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal(["line 3"], errors.EnumerateObject().Select(e => e.Name));
        var error = errors.GetProperty("line 3")[0].GetString();
        Assert.StartsWith($"Column {$"remi.{team:N}@example.org,R".Length + 1} is not UTF-8 text.", error, StringComparison.Ordinal);
        Assert.Contains("\"CSV UTF-8\"", error, StringComparison.Ordinal);
        Assert.Contains("charset=windows-1252", error, StringComparison.Ordinal);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_charset_not_known_here_is_refused()
    {
        var team = await NewTeamAsync();

        var refused = await ImportAsync(team, Encoding.UTF8.GetBytes(Header), "text/csv; charset=klingon");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["Content-Type"], (await refused.ProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task bytes_that_are_not_text_in_the_declared_charset_are_refused_naming_the_line()
    {
        var team = await NewTeamAsync();
        // 0xE9 (é in Latin-1 and Windows-1252) is not ASCII.
        var bytes = Encoding.ASCII.GetBytes(Header + $"ann.{team:N}@example.org,A").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes("nn,Lead,Lead,,2024-01-01\r\n")).ToArray();

        var refused = await ImportAsync(team, bytes, "text/csv; charset=us-ascii");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal(["line 2"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal($"Column {$"ann.{team:N}@example.org,A".Length + 1} is not us-ascii text.", errors.GetProperty("line 2")[0].GetString());
    }

    private async Task<Guid> NewTeamAsync() =>
        await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync(kind: "ResearchTeam")).Id);

    private Task<HttpResponseMessage> ImportAsync(Guid team, byte[] file, string contentType)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return platform.Client.PostAsync($"/api/teams/{team}/members/import", content);
    }
}
