using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Marten.Events;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Search;

/// <summary>
/// GET /api/search over the index the projection keeps: French and English, accents and word endings ignored, ranked
/// with the matched words marked, and each role finding only what it may see. Every test marks its records with a
/// word of its own, so the shared platform's other records never answer.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SearchApiTests(PlatformFixture platform)
{
    private static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task cytometrie_finds_the_teams_doing_mrd_flow_cytometry_in_french_or_english_accents_and_endings_ignored()
    {
        var marker = Marker();
        var staff = platform.Client;
        var organisation = (await staff.RegisterOrganisationAsync()).Id;
        var french = await staff.CreateTeamWithFocusAsync(organisation, "Laboratoire d'hématologie", $"Cytométrie en flux MRD {marker}", "LAM NPM1-mutées");
        var english = await staff.CreateTeamWithFocusAsync(organisation, "Haematology lab", $"MRD flow cytometry {marker}", "NPM1-mutated AML");
        var unrelated = await staff.CreateTeamWithFocusAsync(organisation, "Genomics lab", $"CLL genomics {marker}");
        await CaughtUpAsync();

        foreach (var typed in new[] { "cytométrie", "cytometrie", "CYTOMETRIES", "cytometry" })
        {
            var found = await SearchAsync(staff, $"{typed} {marker}");
            Assert.Equal(new[] { english, french }.Order(), found.Select(h => h.Id).Order());
        }

        var hit = (await SearchAsync(staff, $"cytométrie {marker}")).Single(h => h.Id == french);
        Assert.Equal("team", hit.Kind);
        Assert.Contains("Cytométrie", hit.Matched);
        Assert.DoesNotContain(unrelated, (await SearchAsync(staff, $"cytométrie {marker}")).Select(h => h.Id));
        Assert.Equal([unrelated], (await SearchAsync(staff, $"genomics {marker}")).Select(h => h.Id));
    }

    [Fact]
    public async Task a_teams_entry_says_its_organisations_new_name_and_capabilities()
    {
        var marker = Marker();
        var staff = platform.Client;
        var organisation = (await staff.RegisterOrganisationAsync()).Id;
        var team = await staff.CreateTeamWithFocusAsync(organisation, "Haematology lab", $"Leukaemia {marker}");
        await CaughtUpAsync();
        var renamed = Marker();
        Assert.Empty(await SearchAsync(staff, renamed, "team"));
        Assert.Empty(await SearchAsync(staff, $"cytometry {marker}", "team"));

        await staff.SendJsonAsync(HttpMethod.Put, $"/api/organisations/{organisation}/profile", new { name = $"Institut {renamed}", acronym = "INST", country = "FR" })
            .ExpectAsync(HttpStatusCode.OK);
        await staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation}/capabilities", new { capabilities = new[] { "MrdFlowCytometry" } })
            .ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();

        Assert.Equal([team], (await SearchAsync(staff, renamed, "team")).Select(h => h.Id));
        Assert.Equal([team], (await SearchAsync(staff, $"cytometry {marker}", "team")).Select(h => h.Id));
    }

    [Fact]
    public async Task people_are_found_by_their_teams_focus_areas_and_their_roles_and_never_by_their_email()
    {
        var marker = Marker();
        var staff = platform.Client;
        var team = await staff.CreateTeamWithFocusAsync((await staff.RegisterOrganisationAsync()).Id, "Myeloid lab", $"Leucémies aiguës myéloïdes {marker}");
        await staff.AddMemberAsync(team, await staff.RegisterPersonAsync("Lena", "Lead"), "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        var person = await staff.RegisterPersonAsync("Inès", "Bioinfo");
        await staff.AddMemberAsync(team, person, "Bioinformatician", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();

        Assert.Contains(person, (await SearchAsync(staff, $"leucemie myeloide {marker}", "person")).Select(h => h.Id));
        Assert.Contains(person, (await SearchAsync(staff, $"bioinformatician {marker}", "person")).Select(h => h.Id));
        Assert.Contains(person, (await SearchAsync(staff, "ines bioinfo", "person")).Select(h => h.Id));
        Assert.Empty(await SearchAsync(staff, "example.org bioinfo", "person"));
    }

    [Fact]
    public async Task a_person_who_left_a_team_is_found_by_the_teams_they_are_still_on_only()
    {
        var staff = platform.Client;
        var (left, stayed) = (Marker(), Marker());
        var leftTeam = await staff.CreateTeamWithFocusAsync((await staff.RegisterOrganisationAsync()).Id, "Lymphoid lab", $"Leucémie aiguë lymphoblastique {left}");
        var stayedTeam = await staff.CreateTeamWithFocusAsync((await staff.RegisterOrganisationAsync()).Id, "Genomics lab", $"Myelodysplastic syndromes {stayed}");
        var person = await staff.RegisterPersonAsync("Noé", "Partant");
        await staff.AddMemberAsync(leftTeam, await staff.RegisterPersonAsync("Léa", "Lead"), "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(leftTeam, person, "Biologist", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        await staff.AddMemberAsync(stayedTeam, person, "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();
        Assert.Contains(person, (await SearchAsync(staff, left, "person")).Select(h => h.Id));

        await staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{leftTeam}/members/{person}/leave", new { on = "2024-06-30" }).ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();

        Assert.DoesNotContain(person, (await SearchAsync(staff, left, "person")).Select(h => h.Id));
        Assert.Equal([person], (await SearchAsync(staff, stayed, "person")).Select(h => h.Id));
    }

    [Fact]
    public async Task each_role_finds_a_request_only_where_it_may_see_it()
    {
        var marker = Marker();
        var staff = platform.Client;
        using var owner = await platform.SignInAsPartnerOfANewCompanyAsync();
        using var rival = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (routedMember, routedTeam, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        var (otherMember, otherTeam, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        using var routed = routedMember;
        using var other = otherMember;
        using var viewer = await platform.SignInAsAsync(["viewer"]);
        var journey = new RequestJourney(staff, owner, routedTeam, otherTeam);
        var request = await journey.DraftAsync(RequestJourney.Details($"Cytometry follow-up {marker}"));
        await owner.PostAsync($"{Requests}/{request}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{Requests}/{request}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{Requests}/{request}/accept", new { }).ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();
        Assert.Empty(await SearchAsync(routed, marker));

        await staff.PostAsync($"{Requests}/{request}/routings", new { targetId = routedTeam, reason = "MRD" }).ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();

        Assert.Equal([request], (await SearchAsync(staff, marker)).Select(h => h.Id));
        Assert.Equal([request], (await SearchAsync(owner, marker)).Select(h => h.Id));
        Assert.Equal([request], (await SearchAsync(routed, marker)).Select(h => h.Id));
        Assert.Empty(await SearchAsync(rival, marker));
        Assert.Empty(await SearchAsync(other, marker));
        Assert.Empty(await SearchAsync(viewer, marker));
        // The confidential details are never indexed: not even the request's own parties find them.
        Assert.Empty(await SearchAsync(staff, $"ALX {marker}"));
    }

    [Fact]
    public async Task a_partner_finds_public_meetings_and_its_own_company_but_no_team_person_or_other_company()
    {
        var marker = Marker();
        var staff = platform.Client;
        var company = await staff.RegisterOrganisationAsync(acronym: $"CO{marker}".ToUpperInvariant(), kind: "PartnerCompany");
        var other = await staff.RegisterOrganisationAsync(acronym: $"OT{marker}".ToUpperInvariant(), kind: "PartnerCompany");
        await staff.CreateTeamWithFocusAsync((await staff.RegisterOrganisationAsync()).Id, "Team", marker);
        using var partner = await platform.SignInAsAsync(["partner"], company.Id);
        using var member = await platform.SignInAsAsync(["member"]);
        await CaughtUpAsync();

        Assert.Equal([company.Id], (await SearchAsync(partner, $"CO{marker}")).Select(h => h.Id));
        Assert.Empty(await SearchAsync(partner, $"OT{marker}"));
        Assert.Equal([other.Id], (await SearchAsync(staff, $"OT{marker}")).Select(h => h.Id));
        Assert.Empty(await SearchAsync(partner, marker, "team"));
        // Members never read partner companies' names (as in the directory); staff do.
        Assert.Empty(await SearchAsync(member, $"CO{marker}"));
        Assert.Equal([company.Id], (await SearchAsync(staff, $"CO{marker}")).Select(h => h.Id));
    }

    [Fact]
    public async Task meetings_and_their_programme_sessions_are_found_ranked_by_where_the_words_stand_and_drafts_by_staff_only()
    {
        var marker = Marker();
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var meeting = await staff.CreateMeetingAsync($"Symposium {marker}");
        await staff.SendJsonAsync(HttpMethod.Post, $"/api/meetings/{meeting}/sessions", new
        {
            title = $"Cytometry workshop {marker}", kind = "Workshop", start = "2025-11-19T10:00:00", end = "2025-11-19T11:30:00",
        }).ExpectAsync(HttpStatusCode.OK);
        await CaughtUpAsync();

        // The meeting's title holds both words; the session's only names its meeting in its text: the meeting ranks first.
        Assert.Equal(["meeting", "session"], (await SearchAsync(staff, $"symposium {marker}")).Select(h => h.Kind));
        var session = Assert.Single(await SearchAsync(staff, $"cytometry workshops {marker}", "session"));
        Assert.Equal(meeting, session.Id); // a session leads to its meeting
        Assert.Contains("Cytometry", session.Matched);
        Assert.Empty(await SearchAsync(partner, marker)); // a draft is the office's

        await staff.StepAsync(meeting, "publish");
        await CaughtUpAsync();
        Assert.Equal(["meeting", "session"], (await SearchAsync(partner, $"symposium {marker}")).Select(h => h.Kind));

        // Page by page, in the same order, each page counting every match.
        foreach (var (number, kind) in new[] { (1, "meeting"), (2, "session") })
        {
            var page = await SearchPageAsync(staff, $"symposium {marker}", page: number, pageSize: 1);
            Assert.Equal(2, page.GetProperty("total").GetInt64());
            Assert.Equal(kind, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task bad_searches_are_told_why_and_nobody_unsigned_searches()
    {
        var staff = platform.Client;
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/search?q=aml&kind=planet")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/search?q=aml&pageSize=500")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/search?q={new string('a', 201)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/search?q=aml")).StatusCode);
        var nothing = await staff.GetAsync("/api/search?q=%20%27%26%7C!").OkJsonAsync(); // no word at all: nothing, not an error
        Assert.Equal(0, nothing.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task routing_suggests_a_team_whose_focus_says_the_requests_disease_area_in_other_words()
    {
        var marker = Marker();
        var staff = platform.Client;
        var organisation = (await staff.RegisterOrganisationAsync()).Id;
        var team = await staff.CreateTeamWithFocusAsync(organisation, "Myeloid lab", $"Leucémies aiguës myéloïdes {marker}");
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var request = await new RequestJourney(staff, partner, team, team).DraftAsync(RequestJourney.Details("Myeloid", true, $"leucemie aigue myeloide {marker}"));
        await CaughtUpAsync();

        var suggestions = await staff.GetAsync($"{Requests}/{request}/suggestions").OkJsonAsync();
        var suggested = suggestions.EnumerateArray().Single(s => s.GetProperty("targetId").GetGuid() == team);
        Assert.Equal([$"focus on leucemie aigue myeloide {marker}"], suggested.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task routing_suggests_a_team_whose_focus_the_requests_own_words_mention_and_says_so()
    {
        var marker = Marker();
        var staff = platform.Client;
        var organisation = (await staff.RegisterOrganisationAsync()).Id;
        var team = await staff.CreateTeamWithFocusAsync(organisation, "Flow lab", $"Cytométrie en flux {marker}");
        var elsewhere = await staff.CreateTeamWithFocusAsync(organisation, "Marrow lab", $"Greffe de moelle {marker}");
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var request = await partner.SendJsonAsync(HttpMethod.Post, Requests, new
        {
            title = $"MRD by cytometrie en flux {marker}", summary = "Follow-up after induction",
            confidentialDetails = $"Greffe de moelle {marker}", // never read for routing
            diseaseAreas = new[] { $"Other area {marker}" },
        }).ExpectAsync(HttpStatusCode.Created);
        var id = (await request.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await CaughtUpAsync();

        var suggestions = await staff.GetAsync($"{Requests}/{id}/suggestions").OkJsonAsync();
        var suggested = suggestions.EnumerateArray().Single(s => s.GetProperty("targetId").GetGuid() == team);
        Assert.Equal([$"the request mentions Cytométrie en flux {marker}"], suggested.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(1, suggested.GetProperty("score").GetInt32());
        Assert.DoesNotContain(elsewhere, suggestions.EnumerateArray().Select(s => s.GetProperty("targetId").GetGuid()));
    }

    private Task CaughtUpAsync() => platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

    private static Task<JsonElement> SearchPageAsync(HttpClient client, string text, string? kind = null, int page = 1, int pageSize = 50) =>
        client.GetAsync($"/api/search?q={Uri.EscapeDataString(text)}&page={page}&pageSize={pageSize}{(kind is null ? "" : $"&kind={kind}")}").OkJsonAsync();

    private static async Task<List<Hit>> SearchAsync(HttpClient client, string text, string? kind = null)
    {
        var page = await SearchPageAsync(client, text, kind);
        return [.. page.GetProperty("items").EnumerateArray().Select(h => new Hit(
            h.GetProperty("kind").GetString()!,
            h.GetProperty("recordId").GetGuid(),
            string.Concat(h.GetProperty("title").EnumerateArray().Concat(h.GetProperty("snippet").EnumerateArray())
                .Where(p => p.GetProperty("matched").GetBoolean()).Select(p => p.GetProperty("text").GetString() + " "))))];
    }

    private sealed record Hit(string Kind, Guid Id, string Matched);
}
