using System.Text.Json;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.People;
using Marten;
using Marten.Linq;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.People;

[Collection(PlatformCollection.Name)]
public sealed class DirectoryTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    private async Task<Guid> PersonOfAsync(string given, string family, Guid? affiliation)
    {
        var response = await _staff.SendJsonAsync(HttpMethod.Post, "/api/people", new
        {
            givenName = given, familyName = family, email = $"{given}.{family}.{Guid.NewGuid():N}@example.org".ToLowerInvariant(), primaryAffiliation = affiliation,
        });
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<string>> FindAsync(HttpClient client, string query) =>
        [.. (await (await client.GetAsync($"/api/people?{query}")).ReadAsync<JsonElement>()).EnumerateArray().Select(p => p.GetProperty("familyName").GetString()!)];

    [Fact]
    public async Task the_directory_reads_its_first_people_in_order_through_the_family_name_index_not_by_sorting_everyone()
    {
        await using var session = platform.Store.QuerySession();
        var firstActive = FindPeople.Handler.Listing([p => p.State.IsActive]).Apply(session.Query<StreamRecord<Person>>()).Take(500);

        var plan = await QueryPlans.WithoutScansAsync(platform.ConnectionString, firstActive.ToCommand(FetchType.FetchMany));

        Assert.Contains(plan, line => line.Contains("Index Scan using mt_doc_person_idx_state_family_name", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.TrimStart(' ', '-', '>').StartsWith("Sort  (", StringComparison.Ordinal)); // an incremental sort of equals only
    }

    [Fact]
    public async Task the_directory_finds_people_by_name_organisation_role_and_focus_area()
    {
        var marker = "Dir" + Guid.NewGuid().ToString("N")[..6];
        var lab = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var other = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var amlTeam = await _staff.CreateTeamAsync(lab.Id); // focus AML, MDS
        var lead = await PersonOfAsync("Ana", marker + "Lead", lab.Id);
        var analyst = await PersonOfAsync("Ben", marker + "Analyst", other.Id);
        await PersonOfAsync("Cai", marker + "Affiliated", lab.Id);
        await _staff.AddMemberAsync(amlTeam, lead, "Lead", "2024-01-01");
        await _staff.AddMemberAsync(amlTeam, analyst, "Bioinformatician", "2024-02-01");

        Assert.Equal(3, (await FindAsync(_staff, $"text={marker}")).Count);
        Assert.Equal([marker + "Affiliated", marker + "Analyst", marker + "Lead"], (await FindAsync(_staff, $"organisationId={lab.Id}")).Order());
        Assert.Equal([marker + "Analyst"], await FindAsync(_staff, $"text={marker}&role=bioinformatician"));
        Assert.Equal([marker + "Analyst", marker + "Lead"], (await FindAsync(_staff, $"text={marker}&focusArea=aml")).Order());
        Assert.Empty(await FindAsync(_staff, $"text={marker}&focusArea=CLL"));

        // As of a day: the people the platform knew then, in the teams of that day.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(await FindAsync(_staff, $"text={marker}&asOf={yesterday}"));
        Assert.Equal([marker + "Analyst"], await FindAsync(_staff, $"text={marker}&role=Bioinformatician&asOf={today}"));
        var teamsThen = await (await _staff.GetAsync($"/api/teams?organisationId={lab.Id}&asOf={yesterday}")).ReadAsync<JsonElement>();
        var teamsNow = await (await _staff.GetAsync($"/api/teams?organisationId={lab.Id}&asOf={today}")).ReadAsync<JsonElement>();
        Assert.Equal(0, teamsThen.GetArrayLength());
        Assert.Equal(amlTeam, teamsNow[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task a_member_sees_the_emails_of_their_own_organisation_only()
    {
        var marker = "Mail" + Guid.NewGuid().ToString("N")[..6];
        var own = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var other = await _staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var me = await PersonOfAsync("Mia", marker + "Me", own.Id);
        await PersonOfAsync("Col", marker + "Colleague", own.Id);
        await PersonOfAsync("Str", marker + "Stranger", other.Id);
        var userName = $"member-{Guid.NewGuid():N}@example.org";
        var account = await (await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Mia", roles = new[] { "member" }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>();
        await _staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{me}/account", new { accountId = account.GetProperty("account").GetProperty("id").GetGuid() });
        using var member = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(member, userName, "a-long-enough-password");

        var seen = (await (await member.GetAsync($"/api/people?text={marker}")).ReadAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(p => p.GetProperty("familyName").GetString()!, p => p.GetProperty("email").ValueKind != JsonValueKind.Null);

        Assert.True(seen[marker + "Me"]);
        Assert.True(seen[marker + "Colleague"]);
        Assert.False(seen[marker + "Stranger"]);
    }

    [Theory]
    [InlineData("Ada Lovelace <ada@example.org>")]
    [InlineData("not an email")]
    public async Task an_email_is_a_bare_address(string email)
    {
        var response = await _staff.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = "Ada", familyName = "Lovelace", email });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("email", out _));
    }
}
