using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Organisations;

[Collection(PlatformCollection.Name)]
public sealed class OrganisationApiTests(PlatformFixture platform)
{
    private readonly HttpClient _client = platform.Client;

    [Fact]
    public async Task a_choice_outside_its_enum_sent_in_process_is_refused_by_validation_and_writes_nothing()
    {
        // Over HTTP a choice binds by name only; the web app sends commands to the mediator in process, where a value
        // cast from a number could still arrive.
        var company = await _client.RegisterOrganisationAsync(kind: "PartnerCompany");
        await using var scope = platform.ScopeAs(Guid.NewGuid(), Roles.Staff);
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(async () =>
            await mediator.Send(new ChangeSize.Command((CompanySize)99) { OrganisationId = company.Id }));
        var changed = await mediator.Send(new ChangeSize.Command(CompanySize.LargeGroup) { OrganisationId = company.Id });

        Assert.Equal(["size"], refused.Errors.Keys);
        Assert.Equal(2, changed.Version); // the refused one wrote nothing: the valid one is the second event
    }

    [Fact]
    public async Task registering_answers_201_with_location_etag_and_the_record()
    {
        var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = "  Centre de Recherche Test  ",
            acronym = "CRT-" + Guid.NewGuid().ToString("N")[..6],
            kind = "ResearchTeam",
            country = "FR",
            affiliations = new[] { "UMR-1234" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<OrganisationResponse>();
        Assert.Equal($"/api/organisations/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("Centre de Recherche Test", created.Name);
        Assert.Equal(OrganisationKind.ResearchTeam, created.Kind);
        Assert.Null(created.City);

        var fetched = await _client.GetAsync($"/api/organisations/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Equal(created.Name, (await fetched.ReadAsync<OrganisationResponse>()).Name);
    }

    [Fact]
    public async Task each_sub_resource_changes_the_record_and_advances_its_etag()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}";

        var profile = await _client.SendJsonAsync(HttpMethod.Put, $"{url}/profile", new
        {
            name = "Renamed", acronym = organisation.Acronym, city = "Lyon", country = "FR", affiliations = Array.Empty<string>(),
        }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("\"2\"", profile.Headers.ETag?.Tag);

        var declared = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/capabilities", new { capabilities = new[] { "ClinicalTrials", "Diagnostics" } });
        Assert.Equal("\"4\"", declared.Headers.ETag?.Tag);

        var withdrawn = await _client.DeleteAsync($"{url}/capabilities/Diagnostics?reason=no%20longer%20offered");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        var joined = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2024-01-15" });
        var left = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/leave", new { on = "2025-01-15", reason = "merged" });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);

        var archived = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/archive", new { reason = "closed" });
        var final = await archived.ReadAsync<OrganisationResponse>();

        Assert.Equal(8, final.Version);
        Assert.Equal("Renamed", final.Name);
        Assert.Equal("Lyon", final.City);
        Assert.Equal([Capability.ClinicalTrials], final.Capabilities);
        Assert.Equal([new NetworkPeriod(new DateOnly(2024, 1, 15), new DateOnly(2025, 1, 15))], final.NetworkPeriods);
        Assert.False(final.IsNetworkMember);
        Assert.True(final.IsArchived);
    }

    [Fact]
    public async Task an_unknown_organisation_is_404_for_reads_and_writes()
    {
        var url = $"/api/organisations/{Guid.NewGuid()}";
        var before = await platform.CountEventsAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{url}/history")).StatusCode);
        var write = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/archive", new { reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Equal("not_found", (await write.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task an_illegal_change_is_409_with_its_reason_and_appends_nothing()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}";
        await _client.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/join", new { on = "2024-06-01" });
        var before = await platform.CountEventsAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Post, $"{url}/network-membership/leave", new { on = "2024-05-01" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("leave_before_join", (await response.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_duplicate_acronym_among_active_organisations_is_409_and_archiving_frees_it()
    {
        var first = await _client.RegisterOrganisationAsync();
        var before = await platform.CountEventsAsync();

        var duplicate = await _client.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = "Another", acronym = first.Acronym.ToLowerInvariant(), kind = "ResearchTeam", country = "FR",
        });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("duplicate", (await duplicate.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync()); // not even a tombstone for the refused append

        await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{first.Id}/archive", new { reason = "replaced" });
        var reused = await _client.RegisterOrganisationAsync(first.Acronym);
        Assert.NotEqual(first.Id, reused.Id);
    }

    [Fact]
    public async Task an_archived_organisation_accepts_no_change()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { reason = "closed" });

        var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/capabilities", new { capabilities = new[] { "Diagnostics" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("archived", (await response.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_write_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}";
        await _client.SendJsonAsync(HttpMethod.Post, $"{url}/capabilities", new { capabilities = new[] { "Diagnostics" } }, ifMatch: "\"1\"");

        var stale = await _client.SendJsonAsync(HttpMethod.Put, $"{url}/profile", new
        {
            name = "Lost update", acronym = organisation.Acronym, country = "FR",
        }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("stale_version", (await stale.ProblemAsync()).GetProperty("code").GetString());
        var current = await (await _client.GetAsync(url)).ReadAsync<OrganisationResponse>();
        Assert.Equal(organisation.Name, current.Name);
        Assert.Equal(2, current.Version);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // body, field named in the errors, why
        { """{"name": "X", "acronym": "X1", "kind": "Hospital", "country": "FR"}""", "kind", "unknown enum value" },
        { """{"name": "X", "acronym": "X1", "kind": 2, "country": "FR"}""", "kind", "enum as a number" },
        { """{"name": "X", "acronym": "X1", "kind": "ResearchTeam", "country": "FR", "affiliations": "UMR"}""", "affiliations", "wrong type" },
        { """{"name": "X", "acronym": """, "body", "malformed JSON" },
        { """not json at all""", "body", "not JSON" },
        { "", "body", "no body" },
        { """{"name": "X", "acronym": "X1", "kind": "Institute, CooperativeGroup", "country": "FR"}""", "kind", "combined enum names" },
        { """{"name": "Nul\u0000name", "acronym": "X1", "kind": "ResearchTeam", "country": "FR"}""", "name", "NUL character" },
        { """{"name": "X", "acronym": "X1", "kind": "ResearchTeam", "country": "FR", "affiliations": ["ok", "a\u0000"]}""", "affiliations[1]", "NUL in a list" },
        { """{"name": "X", "acronym": "X1", "kind": "ResearchTeam", "country": "FR\n"}""", "country", "trailing newline" },
        { "[]", "body", "an array instead of an object" },
        { """{"acronym": "X1", "kind": "ResearchTeam", "country": "FR"}""", "name", "missing field" },
        { """{"name": "X", "acronym": "X1", "country": "FR"}""", "kind", "missing enum" },
        { """{"name": "X", "acronym": "X1", "kind": "ResearchTeam", "country": "France"}""", "country", "not an ISO code" },
        { """{"name": "X", "acronym": "X1", "kind": "ResearchTeam", "country": "FR", "website": "not a url"}""", "website", "bad website" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task bad_input_is_400_naming_the_field_and_appends_nothing(string body, string field, string why)
    {
        var before = await platform.CountEventsAsync();

        var response = await _client.SendRawAsync(HttpMethod.Post, "/api/organisations", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: errors were {problem.GetProperty("errors")}");
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("/api/organisations?kind=Hospital", "kind")]
    [InlineData("/api/organisations?capability=Teleportation", "capability")]
    [InlineData("/api/organisations?asOf=2025-13-45", "asOf")]
    [InlineData("/api/organisations?asOf=2999-01-01", "asOf")]
    [InlineData("/api/organisations?pageSize=0", "pageSize")]
    [InlineData("/api/organisations?page=999999999", "page")]
    [InlineData("/api/organisations?kind=Institute,CooperativeGroup", "kind")]
    [InlineData("/api/organisations?kind=2", "kind")]
    [InlineData("/api/organisations?capability=99", "capability")]
    [InlineData("/api/organisations?text=a%00b", "text")]
    [InlineData("/api/organisations?page=99999999999", "page")]
    public async Task bad_query_parameters_are_400_naming_the_parameter(string url, string field)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors were {errors}");
    }

    [Theory]
    [InlineData("W/\"1\"", HttpStatusCode.PreconditionFailed)] // weak: never matches (strong comparison)
    [InlineData("\"1", HttpStatusCode.BadRequest)]
    [InlineData("1\"", HttpStatusCode.BadRequest)]
    [InlineData("1", HttpStatusCode.BadRequest)]
    [InlineData("\"1\", \"2\"", HttpStatusCode.BadRequest)]
    public async Task if_match_is_read_as_rfc_9110_says_and_a_tag_that_does_not_match_writes_nothing(string ifMatch, HttpStatusCode expected)
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var events = await platform.CountEventsAsync();

        var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { reason = "Merged into another unit" }, ifMatch: ifMatch);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(events, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("""{"name": "Misspelt", "acronym": "MISSPELT", "kind": "ResearchTeam", "country": "FR", "affiliationId": "UMR-1"}""", "affiliationId")]
    [InlineData("""{"name": "Twice", "acronym": "TWICE", "kind": "ResearchTeam", "country": "FR", "country": "DE"}""", "country")]
    public async Task an_unknown_field_or_a_field_sent_twice_is_a_400_naming_it_and_nothing_is_written(string json, string field)
    {
        var events = await platform.CountEventsAsync();

        var response = await _client.SendRawAsync(HttpMethod.Post, "/api/organisations", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.DoesNotContain("AlfaPlatform", problem.ToString(), StringComparison.Ordinal); // no type names
        Assert.Equal(events, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_malformed_if_match_is_400_and_a_bad_route_value_is_400()
    {
        var organisation = await _client.RegisterOrganisationAsync();

        var badIfMatch = await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { }, ifMatch: "\"abc\"");
        var badCapability = await _client.DeleteAsync($"/api/organisations/{organisation.Id}/capabilities/Teleportation");

        Assert.Equal(HttpStatusCode.BadRequest, badIfMatch.StatusCode);
        Assert.True((await badIfMatch.ProblemAsync()).GetProperty("errors").TryGetProperty("If-Match", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badCapability.StatusCode);
        Assert.True((await badCapability.ProblemAsync()).GetProperty("errors").TryGetProperty("capability", out _));
    }

    [Theory]
    [InlineData("MolecularProfiling,MrdFlowCytometry")]
    [InlineData("3")]
    public async Task a_capability_in_the_route_must_be_named_exactly(string capability)
    {
        var organisation = await _client.RegisterOrganisationAsync();
        var url = $"/api/organisations/{organisation.Id}";
        await _client.SendJsonAsync(HttpMethod.Post, $"{url}/capabilities", new { capabilities = new[] { "CellAndGeneTherapy" } });
        var before = await platform.CountEventsAsync();

        var response = await _client.DeleteAsync($"{url}/capabilities/{capability}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_query_reason_with_a_nul_character_is_400()
    {
        var organisation = await _client.RegisterOrganisationAsync();
        await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/capabilities", new { capabilities = new[] { "Diagnostics" } });

        var response = await _client.DeleteAsync($"/api/organisations/{organisation.Id}/capabilities/diagnostics?reason=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task the_directory_filters_by_kind_capability_and_text_and_pages()
    {
        var marker = "Q" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var platformUnit = await _client.RegisterOrganisationAsync(marker + "-P", kind: "RndPlatform");
        var team = await _client.RegisterOrganisationAsync(marker + "-T", kind: "ResearchTeam");
        await _client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{platformUnit.Id}/capabilities", new { capabilities = new[] { "CellAndGeneTherapy" } });

        var byText = await (await _client.GetAsync($"/api/organisations?text={marker.ToLowerInvariant()}")).ReadAsync<JsonElement>();
        var byKind = await (await _client.GetAsync($"/api/organisations?text={marker}&kind=rndplatform")).ReadAsync<JsonElement>();
        var byCapability = await (await _client.GetAsync($"/api/organisations?text={marker}&capability=CellAndGeneTherapy")).ReadAsync<JsonElement>();
        var firstPage = await (await _client.GetAsync($"/api/organisations?text={marker}&pageSize=1&page=2")).ReadAsync<JsonElement>();

        Assert.Equal(2, byText.GetProperty("total").GetInt32());
        Assert.Equal(platformUnit.Id, byKind.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(1, byKind.GetProperty("total").GetInt32());
        Assert.Equal(platformUnit.Id, byCapability.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(2, firstPage.GetProperty("total").GetInt32());
        Assert.Equal(team.Id, firstPage.GetProperty("items")[0].GetProperty("id").GetGuid());
    }
}
