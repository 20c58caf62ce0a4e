using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>On the seeded OPALE network, as staff would use it.</summary>
public sealed class RoutingSuggestionTests : OwnDatabaseTests
{
    [Fact]
    public async Task organisations_with_the_needed_capabilities_and_teams_with_the_matching_focus_come_first()
    {
        var app = await StartAsync(seed: true);
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var thema = OrganisationId("THEMA");
        var amlTeam = await staff.CreateTeamAsync(thema, "AML minimal residual disease");         // focus AML, MDS
        var cllTeam = await CreateTeamWithFocusAsync(staff, thema, "CLL genomics", "CLL");
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await SignInAsPartnerAsync(staff, app, company.Id);
        var draft = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new
        {
            title = "NPM1 MRD", summary = "MRD monitoring in AML", diseaseAreas = new[] { "AML" }, capabilities = new[] { "MrdFlowCytometry" },
        });
        var request = (await draft.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        var suggestions = (await (await staff.GetAsync($"/api/collaborations/{request}/suggestions")).ReadAsync<JsonElement>()).EnumerateArray().ToList();
        int Rank(Guid id) => suggestions.FindIndex(s => s.GetProperty("targetId").GetGuid() == id);

        // ALFA and FILO declare MRD flow cytometry (the seeded network's own text); GRAALL does not.
        Assert.InRange(Rank(OrganisationId("ALFA")), 0, suggestions.Count - 1);
        Assert.InRange(Rank(OrganisationId("FILO")), 0, suggestions.Count - 1);
        Assert.Equal(-1, Rank(OrganisationId("GRAALL")));
        Assert.Contains("declares MrdFlowCytometry", suggestions[Rank(OrganisationId("ALFA"))].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        // The AML team is suggested with its reason; the CLL team is not.
        Assert.InRange(Rank(amlTeam), 0, suggestions.Count - 1);
        Assert.Contains("focus on AML", suggestions[Rank(amlTeam)].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(-1, Rank(cllTeam));
        Assert.Equal(suggestions.Select(s => s.GetProperty("score").GetInt32()).OrderDescending(), suggestions.Select(s => s.GetProperty("score").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/api/collaborations/{request}/suggestions")).StatusCode);
    }

    private static Guid OrganisationId(string acronym) => AlfaPlatform.Server.Organisations.OrganisationSeed.IdOf(acronym);

    private static async Task<Guid> CreateTeamWithFocusAsync(HttpClient staff, Guid organisation, string name, string focus)
    {
        var response = await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation, name, focusAreas = new[] { focus } });
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<HttpClient> SignInAsPartnerAsync(HttpClient staff, Microsoft.AspNetCore.Builder.WebApplication app, Guid company)
    {
        var userName = $"partner-{Guid.NewGuid():N}@example.org";
        (await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Partner", roles = new[] { "partner" }, partnerOrganisationId = company, password = "a-long-enough-password",
        })).EnsureSuccessStatusCode();
        var client = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(client, userName, "a-long-enough-password");
        return client;
    }
}
