using System.Net;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Organisations;

/// <summary>POST /api/organisations/{id}/reinstate: staff undo an archiving done by mistake.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReinstateApiTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    [Fact]
    public async Task staff_reinstate_an_archived_organisation_which_answers_200_with_the_record_and_its_new_etag()
    {
        var organisation = await ArchivedAsync();

        var response = await _staff.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { reason = "Archived by mistake" }, ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        var reinstated = await response.ReadAsync<OrganisationResponse>();
        Assert.False(reinstated.IsArchived);
        Assert.Equal(3, reinstated.Version);
        // The answer is the record a read returns, to the byte.
        var read = await _staff.GetAsync($"/api/organisations/{organisation.Id}");
        Assert.Equal(await read.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
        Assert.Equal(read.Headers.ETag?.Tag, response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task a_reinstated_organisation_holds_its_acronym_again_and_accepts_changes()
    {
        var organisation = await ArchivedAsync();
        (await _staff.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { })).EnsureSuccessStatusCode();

        var sameAcronym = await _staff.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = "Another", acronym = organisation.Acronym, kind = "ResearchTeam", country = "FR",
        });
        var declared = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/capabilities", new { capabilities = new[] { "Diagnostics" } });

        Assert.Equal(HttpStatusCode.Conflict, sameAcronym.StatusCode);
        Assert.Equal("duplicate", (await sameAcronym.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
    }

    [Fact]
    public async Task an_organisation_whose_acronym_another_took_meanwhile_is_refused_409_and_nothing_is_written()
    {
        var organisation = await ArchivedAsync();
        await _staff.RegisterOrganisationAsync(acronym: organisation.Acronym);
        var events = await platform.CountEventsAsync();

        var response = await _staff.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("duplicate", (await response.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(events, await platform.CountEventsAsync());
        Assert.True((await (await _staff.GetAsync($"/api/organisations/{organisation.Id}")).ReadAsync<OrganisationResponse>()).IsArchived);
    }

    [Fact]
    public async Task an_organisation_that_is_not_archived_is_refused_409()
    {
        var organisation = await _staff.RegisterOrganisationAsync();

        var response = await _staff.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("not_archived", (await response.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task an_unknown_organisation_is_404()
    {
        var response = await _staff.SendJsonAsync(HttpMethod.Post, Url(Guid.NewGuid()), new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_nothing_is_written()
    {
        var organisation = await ArchivedAsync();
        var events = await platform.CountEventsAsync();

        var response = await _staff.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("stale_version", (await response.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(events, await platform.CountEventsAsync());
    }

    [Theory]
    [InlineData("member")]
    [InlineData("viewer")]
    public async Task only_staff_reinstate(string role)
    {
        var organisation = await ArchivedAsync();
        using var client = await platform.SignInAsAsync([role]);

        var response = await client.SendJsonAsync(HttpMethod.Post, Url(organisation.Id), new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task a_partner_cannot_reinstate_its_own_company()
    {
        var company = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany", size: "Sme");
        using var partner = await platform.SignInAsAsync(["partner"], company.Id); // an archived company opens no account
        (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{company.Id}/archive", new { })).EnsureSuccessStatusCode();

        var response = await partner.SendJsonAsync(HttpMethod.Post, Url(company.Id), new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task a_reason_with_a_control_character_is_400_naming_it()
    {
        var organisation = await ArchivedAsync();

        var response = await _staff.SendRawAsync(HttpMethod.Post, Url(organisation.Id), """{"reason": "a\u0000b"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
    }

    private static string Url(Guid id) => $"/api/organisations/{id}/reinstate";

    private async Task<OrganisationResponse> ArchivedAsync()
    {
        var organisation = await _staff.RegisterOrganisationAsync();
        (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { reason = "Merged" })).EnsureSuccessStatusCode();
        return organisation;
    }
}
