using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>On the seeded OPALE network, as staff would use it.</summary>
public sealed class RoutingSuggestionTests : OwnDatabaseTests
{
    [Fact]
    public async Task more_matching_capabilities_rank_first_a_team_with_a_matching_focus_ranks_above_organisations_without_one_and_nothing_else_is_suggested()
    {
        var app = await StartAsync(seed: true);
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var thema = OrganisationId("THEMA");
        var amlTeam = await staff.CreateTeamAsync(thema, "AML minimal residual disease");         // focus AML, MDS
        var cllTeam = await staff.CreateTeamWithFocusAsync(OrganisationId("ALFA"), "CLL genomics", "CLL");
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await SignInAsPartnerAsync(staff, app, company.Id);
        var draft = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new
        {
            title = "NPM1 MRD", summary = "MRD monitoring in AML", diseaseAreas = new[] { "AML" },
            capabilities = new[] { "MrdFlowCytometry", "MolecularProfiling" },
        });
        var request = (await draft.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        var suggestions = (await (await staff.GetAsync($"/api/collaborations/{request}/suggestions")).ReadAsync<JsonElement>()).EnumerateArray().ToList();

        // The seeded network's own text: ALFA declares both capabilities (4); the AML team's focus matches and THEMA
        // declares molecular profiling (2 + 1); FILO (MRD flow cytometry), MEARY-GB and THEMA (molecular profiling)
        // one each (2), in name order. GRAALL and the others declare neither; the CLL team's focus does not match,
        // whatever its organisation declares.
        Assert.Equal(
            [OrganisationId("ALFA"), amlTeam, OrganisationId("FILO"), OrganisationId("MEARY-GB"), thema],
            suggestions.Select(s => s.GetProperty("targetId").GetGuid()));
        Assert.Equal([4, 3, 2, 2, 2], suggestions.Select(s => s.GetProperty("score").GetInt32()));
        Assert.Equal(["declares MrdFlowCytometry", "declares MolecularProfiling"], Reasons(suggestions[0]));
        Assert.Equal(["focus on AML", "its organisation declares MolecularProfiling"], Reasons(suggestions[1]));
        Assert.DoesNotContain(cllTeam, suggestions.Select(s => s.GetProperty("targetId").GetGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/api/collaborations/{request}/suggestions")).StatusCode);
    }

    [Fact]
    public async Task targets_already_routed_to_and_organisations_that_left_the_network_with_their_teams_are_not_suggested()
    {
        var app = await StartAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var focus = "Focus" + Guid.NewGuid().ToString("N")[..8];
        var member = await NetworkOrganisationAsync(staff, "CellAndGeneTherapy");
        var memberTeam = await staff.CreateTeamWithFocusAsync(member, "Still here", focus);
        var routedTeam = await staff.CreateTeamWithFocusAsync(member, "Already asked", focus);
        var departed = await NetworkOrganisationAsync(staff, "CellAndGeneTherapy");
        var departedTeam = await staff.CreateTeamWithFocusAsync(departed, "Gone with it", focus);
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{departed}/network-membership/leave", new { on = "2025-01-15", reason = "merged" }))
            .EnsureSuccessStatusCode();
        var company = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var partner = await SignInAsPartnerAsync(staff, app, company.Id);
        var draft = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new
        {
            title = "CAR-T", summary = "A cell therapy", diseaseAreas = new[] { focus }, capabilities = new[] { "CellAndGeneTherapy" },
        });
        var request = (await draft.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await partner.PostAsync($"/api/collaborations/{request}/submit", null)).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/collaborations/{request}/screening", null)).EnsureSuccessStatusCode();
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/accept", new { note = "In scope" })).EnsureSuccessStatusCode();
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/collaborations/{request}/routings", new { targetId = routedTeam, reason = "First asked" }))
            .EnsureSuccessStatusCode();

        var suggested = (await (await staff.GetAsync($"/api/collaborations/{request}/suggestions")).ReadAsync<JsonElement>()).EnumerateArray()
            .Select(s => s.GetProperty("targetId").GetGuid()).ToList();

        Assert.Equal([memberTeam, member], suggested);
    }

    private static IEnumerable<string?> Reasons(JsonElement suggestion) =>
        suggestion.GetProperty("reasons").EnumerateArray().Select(r => r.GetString());

    /// <summary>An organisation of the network (joined in 2024) declaring <paramref name="capability"/>.</summary>
    private static async Task<Guid> NetworkOrganisationAsync(HttpClient staff, string capability)
    {
        var organisation = (await staff.RegisterOrganisationAsync(kind: "RndPlatform")).Id;
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation}/capabilities", new { capabilities = new[] { capability } }))
            .EnsureSuccessStatusCode();
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation}/network-membership/join", new { on = "2024-01-15" }))
            .EnsureSuccessStatusCode();
        return organisation;
    }

    private static Guid OrganisationId(string acronym) => AlfaPlatform.Server.Organisations.Contracts.OrganisationSeed.IdOf(acronym);

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
