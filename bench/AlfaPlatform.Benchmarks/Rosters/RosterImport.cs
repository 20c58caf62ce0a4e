using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Teams;

namespace AlfaPlatform.Benchmarks.Rosters;

/// <summary>
/// I1: staff import a roster of new people into a new team of a new organisation, over HTTP, as a client does:
/// from the POST to the end of the import (the answer, or the job it started having finished).
/// </summary>
internal sealed class RosterImport : IScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(30);

    private static readonly TeamRole[] MemberRoles = [.. Enum.GetValues<TeamRole>().Where(r => r is not TeamRole.Lead and not TeamRole.Other)];
    private static readonly string[] Affiliations = ["UMR-0000"];
    private static readonly string[] FocusAreas = ["AML"];
    private static readonly string[] GivenNames = ["Inès", "Yves", "Zoé", "Marc", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Jules"];
    private static readonly string[] FamilyNames = ["Martin", "Le Goff", "Petit", "Durand", "Lefèvre", "Moreau", "Girard", "Roux", "Fournier", "Bonnet"];

    public string Id => "I1";

    public string Group => "import";

    public string Title => "roster import of new people into a new team, HTTP (POST …/members/import)";

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var team = await CreateTeamAsync(bench.Staff, cancellationToken);
        var csv = Roster(size);
        var measurement = await Measurement.TimeAsync(size, () => ImportAsync(bench.Staff, team, csv, cancellationToken));

        // A figure for an import that did less than asked would be a lie: check the roster, untimed.
        var roster = await bench.Staff.GetFromJsonAsync<JsonElement>($"/api/teams/{team}/members", cancellationToken);
        var members = roster.GetProperty("members").GetArrayLength();
        return members == size
            ? measurement
            : throw new InvalidOperationException($"The import answered success, yet the team has {members} members instead of {size}.");
    }

    /// <summary>
    /// Both ways the endpoint answers: 200 with the result when the import finished within the request, or
    /// 202 Accepted with the Location of a job, read until it is no longer running.
    /// </summary>
    internal static async Task ImportAsync(HttpClient staff, Guid team, string csv, CancellationToken cancellationToken)
    {
        using var response = await staff.PostAsync($"/api/teams/{team}/members/import", new StringContent(csv, Encoding.UTF8, "text/csv"), cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(response, "The import", cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return;
        }

        var job = response.Headers.Location ?? throw new InvalidOperationException("The import answered 202 Accepted without a Location.");
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (DateTime.UtcNow < deadline)
        {
            using var poll = await staff.GetAsync(job, cancellationToken);
            await PlatformUnderTest.EnsureSuccessAsync(poll, $"The import job {job}", cancellationToken);
            var state = (await poll.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("state").GetString();
            if (string.Equals(state, "succeeded", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (!string.Equals(state, "running", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The import job {job} ended {state}: {await poll.Content.ReadAsStringAsync(cancellationToken)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"The import job {job} did not finish within {GiveUpAfter}.");
    }

    private static async Task<Guid> CreateTeamAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        var acronym = "B" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var organisation = await staff.PostAsJsonAsync("/api/organisations", new
        {
            name = $"Benchmark organisation {acronym}", acronym, kind = "ResearchTeam", city = "Paris", country = "FR",
            affiliations = Affiliations, website = "https://example.org",
        }, cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(organisation, "Registering the organisation", cancellationToken);
        var organisationId = (await organisation.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();

        using var team = await staff.PostAsJsonAsync("/api/teams", new { organisationId, name = "Benchmark roster", focusAreas = FocusAreas }, cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(team, "Creating the team", cancellationToken);
        return (await team.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// <paramref name="size"/> valid rows of people nobody has registered yet (their emails are new each run): the
    /// lead first, the others joining after, in the team's own export format. Names go round 100 given and family
    /// name pairs from <paramref name="firstPerson"/> on, so that many small rosters are not all of one name.
    /// </summary>
    internal static string Roster(int size, int firstPerson = 0)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var leadJoined = new DateOnly(2020, 1, 6);
        var rows = Enumerable.Range(0, size).Select(i => (IReadOnlyList<string?>)
        [
            $"p{i}.{run}@example.org",
            GivenNames[(firstPerson + i) % GivenNames.Length],
            FamilyNames[(firstPerson + i) / GivenNames.Length % FamilyNames.Length],
            (i == 0 ? TeamRole.Lead : MemberRoles[i % MemberRoles.Length]).ToString(),
            "",
            RosterCsv.Date(i == 0 ? leadJoined : leadJoined.AddDays(1 + i % 1500)),
            "",
        ]);
        return RosterCsv.Write(rows);
    }
}
