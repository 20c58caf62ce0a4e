using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Partners;

/// <summary>A partner company's size category: given at registration, shown, filtered on, changed with history and as-of.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CompanySizeTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    private static string NewAcronym() => "CS" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task a_partner_company_is_registered_with_its_size_and_shows_it()
    {
        var response = await _staff.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = "Acme Biotech", acronym = NewAcronym(), kind = "PartnerCompany", country = "FR", size = "MidSize",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<OrganisationResponse>();
        Assert.Equal(CompanySize.MidSize, created.Size);
        var fetched = await (await _staff.GetAsync($"/api/organisations/{created.Id}")).ReadAsync<JsonElement>();
        Assert.Equal("MidSize", fetched.GetProperty("size").GetString());
        var team = await _staff.RegisterOrganisationAsync();
        Assert.Null(team.Size);
    }

    [Theory]
    [InlineData("""{"name": "Acme", "acronym": "ACME1", "kind": "PartnerCompany", "country": "FR"}""", "size required for a partner company")]
    [InlineData("""{"name": "Acme", "acronym": "ACME1", "kind": "PartnerCompany", "country": "FR", "size": null}""", "size null for a partner company")]
    [InlineData("""{"name": "CRT", "acronym": "CRT1", "kind": "ResearchTeam", "country": "FR", "size": "Sme"}""", "size for another kind")]
    [InlineData("""{"name": "Acme", "acronym": "ACME1", "kind": "PartnerCompany", "country": "FR", "size": "Huge"}""", "unknown size")]
    [InlineData("""{"name": "Acme", "acronym": "ACME1", "kind": "PartnerCompany", "country": "FR", "size": 1}""", "size as a number")]
    [InlineData("""{"name": "Acme", "acronym": "ACME1", "kind": "PartnerCompany", "country": "FR", "size": "Sme,LargeGroup"}""", "combined sizes")]
    public async Task a_missing_or_misplaced_size_is_400_naming_it_and_appends_nothing(string body, string why)
    {
        var before = await platform.CountEventsAsync();

        var response = await _staff.SendRawAsync(HttpMethod.Post, "/api/organisations", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("size", out _), $"{why}: errors were {errors}");
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task the_directory_filters_by_size()
    {
        var marker = "SZ" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var sme = await _staff.RegisterOrganisationAsync(marker + "-S", kind: "PartnerCompany", size: "Sme");
        var large = await _staff.RegisterOrganisationAsync(marker + "-L", kind: "PartnerCompany", size: "LargeGroup");
        await _staff.RegisterOrganisationAsync(marker + "-T");

        var largeOnes = await (await _staff.GetAsync($"/api/organisations?text={marker}&size=LargeGroup")).ReadAsync<JsonElement>();
        var smes = await (await _staff.GetAsync($"/api/organisations?text={marker}&size=sme&kind=PartnerCompany")).ReadAsync<JsonElement>();
        var today = await (await _staff.GetAsync($"/api/organisations?text={marker}&size=LargeGroup&asOf={DateTime.UtcNow:yyyy-MM-dd}")).ReadAsync<JsonElement>();

        Assert.Equal([large.Id], Ids(largeOnes));
        Assert.Equal([sme.Id], Ids(smes));
        Assert.Equal([large.Id], Ids(today));
    }

    [Theory]
    [InlineData("/api/organisations?size=Huge")]
    [InlineData("/api/organisations?size=1")]
    [InlineData("/api/organisations?size=Sme,MidSize")]
    public async Task an_unknown_size_in_the_directory_query_is_400_naming_it(string url)
    {
        var response = await _staff.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("size", out _));
    }

    [Fact]
    public async Task staff_change_the_size_and_history_and_as_of_show_before_and_after()
    {
        var company = await _staff.RegisterOrganisationAsync(NewAcronym(), kind: "PartnerCompany", size: "Sme");
        var url = $"/api/organisations/{company.Id}";

        var changed = await _staff.SendJsonAsync(HttpMethod.Put, $"{url}/size", new { size = "MidSize", reason = "acquired a competitor" }, ifMatch: "\"1\"");
        var again = await _staff.SendJsonAsync(HttpMethod.Put, $"{url}/size", new { size = "MidSize" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        Assert.Equal(CompanySize.MidSize, (await changed.ReadAsync<OrganisationResponse>()).Size);
        Assert.Equal("\"2\"", again.Headers.ETag?.Tag); // the same size again changes nothing

        var history = (await (await _staff.GetAsync($"{url}/history")).ReadAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(["OrganisationRegistered", "CompanySizeChanged"], history.Select(e => e.GetProperty("event").GetString()));
        var change = Assert.Single(history[1].GetProperty("changes").EnumerateArray());
        Assert.Equal(("size", "Sme", "MidSize"),
            (change.GetProperty("field").GetString(), change.GetProperty("before").GetString(), change.GetProperty("after").GetString()));
        Assert.Equal("acquired a competitor", history[1].GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("staff", history[1].GetProperty("role").GetString());

        // The registration happened in January, the change in June: as of spring, it was still an SME.
        await platform.BackdateAsync<Organisation>(company.Id, (1, "2025-01-10T09:00:00Z"), (2, "2025-06-15T10:00:00Z"));
        var spring = await (await _staff.GetAsync($"{url}?asOf=2025-04-30")).ReadAsync<OrganisationResponse>();
        var summer = await (await _staff.GetAsync($"{url}?asOf=2025-06-15")).ReadAsync<OrganisationResponse>();
        var springDirectory = await (await _staff.GetAsync($"/api/organisations?text={company.Acronym}&size=Sme&asOf=2025-04-30")).ReadAsync<JsonElement>();
        var liveDirectory = await (await _staff.GetAsync($"/api/organisations?text={company.Acronym}&size=Sme")).ReadAsync<JsonElement>();

        Assert.Equal((CompanySize.Sme, 1L), (spring.Size, spring.Version));
        Assert.Equal((CompanySize.MidSize, 2L), (summer.Size, summer.Version));
        Assert.Equal([company.Id], Ids(springDirectory));
        Assert.Empty(Ids(liveDirectory));
    }

    [Fact]
    public async Task the_size_of_an_organisation_that_is_not_a_partner_company_cannot_be_changed()
    {
        var team = await _staff.RegisterOrganisationAsync();
        var before = await platform.CountEventsAsync();

        var response = await _staff.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{team.Id}/size", new { size = "Sme" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("size_not_applicable", (await response.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"size": "Tiny"}""")]
    [InlineData("""{"size": "Sme", "reason": "a\u0000b"}""")]
    public async Task a_bad_size_change_is_400(string body)
    {
        var company = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany");

        var response = await _staff.SendRawAsync(HttpMethod.Put, $"/api/organisations/{company.Id}/size", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("size", out _) || errors.TryGetProperty("reason", out _), $"errors were {errors}");
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task only_staff_change_a_size(string role)
    {
        var company = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var client = await platform.SignInAsAsync([role]);

        var response = await client.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{company.Id}/size", new { size = "LargeGroup" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_cannot_change_its_own_companys_size()
    {
        var company = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);

        var response = await partner.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{company.Id}/size", new { size = "LargeGroup" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_company_stored_before_sizes_existed_reads_without_one_and_must_get_one_before_joining()
    {
        // Written as the platform wrote it before this feature: no "size" in the event nor in the record.
        var id = Guid.NewGuid();
        var registered = new OrganisationRegistered(id, "Legacy Pharma", NewAcronym(), OrganisationKind.PartnerCompany, null, "FR", [], null);
        var store = platform.App.Services.GetRequiredService<EventStore>();
        await store.AppendAsync(id, 0, [registered], null, Organisation.Evolve(null, registered), new CommandContext("legacy", "c", "c"));
        Assert.Equal(1, await ExecuteAsync("update alfa.mt_events set data = data - 'size' where stream_id = $1 and data ? 'size'", id));
        Assert.Equal(1, await ExecuteAsync("update alfa.mt_doc_organisation set data = data #- '{state,size}' where id = $1 and data->'state' ? 'size'", id));
        var url = $"/api/organisations/{id}";

        var legacy = await (await _staff.GetAsync(url)).ReadAsync<JsonElement>();
        var asOf = await (await _staff.GetAsync($"{url}?asOf={DateTime.UtcNow:yyyy-MM-dd}")).ReadAsync<JsonElement>();
        var joinWithoutSize = await _staff.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2025-01-15" });
        var sized = await _staff.SendJsonAsync(HttpMethod.Put, $"{url}/size", new { size = "LargeGroup", reason = "recorded" });
        var joined = await _staff.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2025-01-15" });

        Assert.Equal(JsonValueKind.Null, legacy.GetProperty("size").ValueKind);
        Assert.Equal(JsonValueKind.Null, asOf.GetProperty("size").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, joinWithoutSize.StatusCode);
        Assert.Equal("size_required", (await joinWithoutSize.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(CompanySize.LargeGroup, (await sized.ReadAsync<OrganisationResponse>()).Size);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
    }

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid());

    private async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
