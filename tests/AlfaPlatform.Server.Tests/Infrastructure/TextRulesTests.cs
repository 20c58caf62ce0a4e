using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Mediator;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// One-line texts (names, titles, places) refuse line breaks, tabs and every other control character; multi-line
/// texts (descriptions, messages, answers, free-text reasons) keep their line breaks as sent. Feature by feature,
/// over HTTP.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TextRulesTests(PlatformFixture platform)
{
    private const string Lines = "First line.\r\nSecond line,\n\tindented.";

    private static readonly string[] Breaks = ["Line\nfeed", "Carriage\rreturn", "Tab\tbetween", "Line\u2028separator"];

    private HttpClient Staff => platform.Client;

    [Fact]
    public async Task organisations_refuse_a_line_break_in_a_name_or_an_affiliation_and_keep_one_in_a_reason()
    {
        await RefusedAsync(Staff, HttpMethod.Post, "/api/organisations", "name", broken => new { name = broken, acronym = Acronym(), kind = "ResearchTeam", country = "FR" });
        await RefusedAsync(Staff, HttpMethod.Post, "/api/organisations", "affiliations[1]",
            broken => new { name = "Centre", acronym = Acronym(), kind = "ResearchTeam", country = "FR", affiliations = new[] { "UMR-1", broken } });
        var organisation = await Staff.RegisterOrganisationAsync();
        await RefusedAsync(Staff, HttpMethod.Put, $"/api/organisations/{organisation.Id}/profile", "city",
            broken => new { name = "Centre", acronym = organisation.Acronym, city = broken, country = "FR" });

        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{organisation.Id}/archive", new { reason = Lines }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Lines, (await StoredAsync<OrganisationArchived>(organisation.Id)).Reason);
    }

    [Fact]
    public async Task people_refuse_a_line_break_in_a_name_and_keep_one_in_a_reason()
    {
        await RefusedAsync(Staff, HttpMethod.Post, "/api/people", "givenName", broken => new { givenName = broken, familyName = "Curie", email = Email() });
        await RefusedAsync(Staff, HttpMethod.Post, "/api/people", "title", broken => new { givenName = "Marie", familyName = "Curie", email = Email(), title = broken });
        var person = await Staff.RegisterPersonAsync("Dora", "Departing");

        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/people/{person}/deactivate", new { reason = Lines }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Lines, (await StoredAsync<PersonDeactivated>(person)).Reason);
    }

    [Fact]
    public async Task teams_refuse_a_line_break_in_a_name_or_a_roster_cell_and_keep_one_in_a_reason()
    {
        var organisation = await Staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        await RefusedAsync(Staff, HttpMethod.Post, "/api/teams", "name", broken => new { organisationId = organisation.Id, name = broken });
        await RefusedAsync(Staff, HttpMethod.Post, "/api/teams", "focusAreas[0]", broken => new { organisationId = organisation.Id, name = "Stem cells", focusAreas = new[] { broken } });
        var team = await Staff.CreateTeamAsync(organisation.Id);

        // A quoted CSV field may span lines; a roster's may not.
        using var roster = new StringContent(
            "email,given_name,family_name,role,role_label,joined_on\r\nada@example.org,\"Ada\nLovelace\",Byron,Researcher,,2024-01-01\r\n",
            System.Text.Encoding.UTF8, "text/csv");
        var imported = await Staff.PostAsync($"/api/teams/{team}/members/import", roster);
        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.True((await imported.ProblemAsync()).GetProperty("errors").TryGetProperty("line 2", out _));

        await Staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/archive", new { reason = Lines }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Lines, (await StoredAsync<TeamArchived>(team)).Reason);
    }

    [Fact]
    public async Task meetings_refuse_a_line_break_in_a_title_a_venue_or_a_chair_and_keep_one_in_the_description()
    {
        object Meeting(string? title = null, string? venue = null, string? chair = null, string? description = null) => new
        {
            title = title ?? "Annual symposium", kind = "Congress", start = "2025-11-19T09:00:00", end = "2025-11-21T17:00:00", timeZone = "Europe/Paris",
            venue = new { name = venue ?? "Palais des congrès", city = "Paris", country = "FR" },
            chairs = new[] { new { name = chair ?? "Hervé Dombret" } },
            description,
        };
        await RefusedAsync(Staff, HttpMethod.Post, "/api/meetings", "title", broken => Meeting(title: broken));
        await RefusedAsync(Staff, HttpMethod.Post, "/api/meetings", "venue.name", broken => Meeting(venue: broken));
        await RefusedAsync(Staff, HttpMethod.Post, "/api/meetings", "chairs[0].name", broken => Meeting(chair: broken));

        var created = await Staff.SendJsonAsync(HttpMethod.Post, "/api/meetings", Meeting(description: Lines)).ExpectAsync(HttpStatusCode.Created);
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(Lines, (await StoredAsync<MeetingCreated>(id)).Details.Description);
    }

    [Fact]
    public async Task collaboration_requests_refuse_a_line_break_in_a_title_and_keep_those_of_a_summary_and_a_message()
    {
        var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        await RefusedAsync(partner, HttpMethod.Post, CollaborationApi.Requests, "title", broken => RequestJourney.Details(title: broken));
        await RefusedAsync(partner, HttpMethod.Post, CollaborationApi.Requests, "diseaseAreas[0]", broken => RequestJourney.Details("Disease areas", true, broken));

        var details = JsonSerializer.SerializeToElement(RequestJourney.Details(), ApiClient.Json).Deserialize<Dictionary<string, object?>>()!;
        details["summary"] = Lines;
        var drafted = await partner.SendJsonAsync(HttpMethod.Post, CollaborationApi.Requests, details).ExpectAsync(HttpStatusCode.Created);
        var id = (await drafted.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await partner.PostAsync($"{CollaborationApi.Requests}/{id}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await partner.PostAsync($"{CollaborationApi.Requests}/{id}/messages", new { text = Lines }).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(Lines, (await partner.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync()).GetProperty("summary").GetString());
        Assert.Equal(Lines, (await StoredAsync<MessagePosted>(id)).Text);
    }

    [Fact]
    public async Task partner_applications_refuse_a_line_break_in_the_company_name_and_keep_those_of_the_interest()
    {
        object Application(string? company = null, string? interest = null) => new
        {
            companyName = company ?? $"Acme {Guid.NewGuid():N}", country = "DE", size = "Sme", contactName = "Jeanne Martin",
            contactEmail = Email(), interest = interest ?? "MRD monitoring",
        };
        await RefusedAsync(platform.Anonymous, HttpMethod.Post, "/api/partner-applications", "companyName", broken => Application(company: broken));
        await RefusedAsync(platform.Anonymous, HttpMethod.Post, "/api/partner-applications", "contactName",
            broken => new { companyName = "Acme", country = "DE", size = "Sme", contactName = broken, contactEmail = Email(), interest = "MRD" });

        var applied = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", Application(interest: Lines)).ExpectAsync(HttpStatusCode.Created);
        var id = (await applied.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(Lines, (await StoredAsync<PartnerApplicationSubmitted>(id)).Interest);
        Assert.Equal(Lines, (await Staff.GetAsync($"/api/partner-applications/{id}").OkJsonAsync()).GetProperty("interest").GetString());
    }

    [Fact]
    public async Task accounts_and_api_clients_refuse_a_line_break_in_a_name()
    {
        await RefusedAsync(Staff, HttpMethod.Post, "/api/accounts", "displayName",
            broken => new { userName = Email(), displayName = broken, roles = new[] { "member" }, password = "a-long-enough-password" });
        var company = await Staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        await RefusedAsync(Staff, HttpMethod.Post, "/api/api-clients", "name", broken => new { name = broken, partnerOrganisationId = company.Id });
    }

    [Fact]
    public async Task search_texts_are_one_line_too()
    {
        var response = await Staff.GetAsync("/api/organisations?text=" + Uri.EscapeDataString("ALFA\nFILO"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("text", out _));
    }

    /// <summary>
    /// Every text of every command and query is read by one of the two rules (a shape the rules cannot read fails
    /// here), and the multi-line ones are exactly those declared: a new free-text field is one line until someone
    /// decides otherwise.
    /// </summary>
    [Fact]
    public void every_text_of_every_message_follows_one_rule_and_only_free_texts_span_lines()
    {
        var messages = typeof(TextFields).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IMessage).IsAssignableFrom(t)).ToList();

        var multiLine = messages
            .SelectMany(t => TextFields.Describe(t).Where(f => f.Rule == TextRule.MultiLine).Select(f => $"{t.DeclaringType?.Name ?? t.Name}.{f.Field}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains(messages, t => TextFields.Describe(t).Any(f => f.Field == "venue.name"));
        Assert.Equal(
        [
            "AcceptForAssessmentOperation.note", "AnswerRoutingOperation.approach", "AnswerRoutingOperation.timeline", "ApplyAsPartner.interest",
            "Archive.reason", "ArchiveTeamOperation.reason", "CancelMeetingOperation.reason", "CancelRegistrationOperation.reason",
            "ChangeMeetingDetailsOperation.description", "ChangeSize.reason", "CompleteOperation.outcomeNote", "CreateMeetingOperation.description",
            "DeactivatePersonOperation.reason", "DeclineOperation.message", "DraftRequestOperation.confidentialDetails", "DraftRequestOperation.summary",
            "ImportRoster.csv", "LeaveNetwork.reason", "MoveMeetingOperation.reason", "PostMessageOperation.text", "RateSatisfactionOperation.comment",
            "RecordMemberLeftOperation.reason", "RegistrationStepOperation.reason", "RejectApplication.reason", "RemoveCapability.reason",
            "RescheduleMeetingOperation.reason", "ReviewContributionOperation.note", "RouteOperation.reason", "SubmitContributionOperation.abstract",
            "UpdateDraftOperation.confidentialDetails", "UpdateDraftOperation.summary", "WithdrawContributionOperation.reason", "WithdrawOperation.reason",
        ], multiLine);
    }

    /// <summary>Each break is a 400 naming the field, and nothing is written.</summary>
    private async Task RefusedAsync(HttpClient client, HttpMethod method, string url, string field, Func<string, object> body)
    {
        foreach (var broken in Breaks)
        {
            var before = await platform.CountEventsAsync();

            var response = await client.SendJsonAsync(method, url, body(broken));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest,
                $"{method} {url} with {field} = {JsonSerializer.Serialize(broken)}: got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var errors = (await response.ProblemAsync()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{field} = {JsonSerializer.Serialize(broken)}: errors were {errors}");
            Assert.Contains(messages.EnumerateArray(), m => m.GetString() == TextRule.OneLine.Error());
            Assert.Equal(before, await platform.CountEventsAsync());
        }
    }

    private async Task<TEvent> StoredAsync<TEvent>(Guid stream)
    {
        await using var session = platform.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Select(e => e.Data).OfType<TEvent>().Last();
    }

    private static string Acronym() => "T" + Guid.NewGuid().ToString("N")[..8];

    private static string Email() => $"someone-{Guid.NewGuid():N}@example.org";
}
