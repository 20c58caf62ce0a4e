using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web.Partner;

/// <summary>
/// A partner company's requests in the browser: drafting through the form, the live request page while staff act
/// through the API, the choice among proposals, the rating, another company seeing nothing, a conflict, French.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed partial class PartnerRequestPagesTests(WebAppFixture web)
{
    private HttpClient Staff => web.Platform.Client;

    [Fact]
    public async Task a_partner_drafts_through_the_form_edits_submits_and_sees_the_networks_steps_live()
    {
        var (_, partner) = await CompanyAsync();
        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner, "/requests");
        await WebAppFixture.ReadyAsync(page, "requests");
        await Assertions.Expect(page.GetByTestId("no-requests")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/requests/new");
        await WebAppFixture.ReadyAsync(page, "request-form");
        await page.AssertAccessibleAsync();
        var title = page.GetByLabel("Title", new() { Exact = true });
        await title.FillAsync(new string('x', 201));
        await Assertions.Expect(page.GetByText("At most 200 characters.")).ToBeVisibleAsync();
        await title.FillAsync("");
        await Assertions.Expect(page.GetByText("Required.", new() { Exact = true })).ToBeVisibleAsync();

        // Sent as it is: the server's own words appear beside the title and the summary, nothing typed is lost.
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByText("must not be empty").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Required.", new() { Exact = true })).ToHaveCountAsync(0);
        Assert.EndsWith("/requests/new", page.Url, StringComparison.Ordinal);

        await title.FillAsync("MRD follow-up in NPM1 AML");
        await page.GetByLabel("Summary").FillAsync("Flow MRD at three time points for 120 patients treated with our compound.");
        await page.GetByLabel("Disease areas").FillAsync("AML, MDS");
        await page.GetByLabel("Desired start").FillAsync("2027-01-04");
        await page.GetByLabel("Duration (months)").FillAsync("18");
        await page.GetByLabel("Budget from (euros)").FillAsync("100000");
        await page.GetByLabel("Budget up to (euros)").FillAsync("250000");
        await page.Locator("label.mud-radio", new() { HasText = "only under a signed confidentiality agreement" }).ClickAsync();
        await page.GetByLabel("Confidential details", new() { Exact = true }).FillAsync(RequestJourney.ConfidentialDetails);
        await Assertions.Expect(page.GetByText("must not be empty")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)"); // the picture shows the page from its top
        await WebAppPagesTests.Screenshot(page, "web-partner-draft.png");

        await page.GetByTestId("save").ClickAsync();
        await SavedAsync(page);
        var id = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        await WebAppFixture.ReadyAsync(page, "request");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("MRD follow-up in NPM1 AML");
        await Assertions.Expect(page.Locator("[data-awaited='You: submit it when it is ready']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("budget")).ToHaveTextAsync("From €100,000 to €250,000");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("edit").ClickAsync();
        await WebAppFixture.ReadyAsync(page, "request-form");
        await Assertions.Expect(title).ToHaveValueAsync("MRD follow-up in NPM1 AML");
        await title.FillAsync("MRD follow-up in NPM1 AML (second version)");
        await page.GetByTestId("save").ClickAsync();
        await SavedAsync(page);
        await WebAppFixture.ReadyAsync(page, "request");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("MRD follow-up in NPM1 AML (second version)");

        // A document with the draft: a renamed text file is refused by its content, the protocol is attached, its
        // download is the file itself and goes to the access log, and a stray copy is removed.
        var file = page.GetByTestId("document-file");
        await file.SetInputFilesAsync(new FilePayload { Name = "protocol.pdf", MimeType = "application/pdf", Buffer = "not a PDF"u8.ToArray() });
        await Assertions.Expect(page.GetByText("A document is a PDF, DOCX or XLSX file")).ToBeVisibleAsync();
        await file.SetInputFilesAsync(new FilePayload { Name = "protocol.pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf() });
        await Assertions.Expect(page.GetByTestId("document-link")).ToHaveTextAsync("protocol.pdf");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("document-link").ClickAsync());
        Assert.Equal(SampleDocuments.Pdf(), await File.ReadAllBytesAsync((await download.PathAsync())!));
        await page.ReloadAsync(); // a download is not an event of the request: the log shows it when the page is read again
        await WebAppFixture.ReadyAsync(page, "request");
        await Assertions.Expect(page.GetByTestId("access-log")).ToContainTextAsync("protocol.pdf");
        await file.SetInputFilesAsync(new FilePayload { Name = "stray.pdf", MimeType = "application/pdf", Buffer = SampleDocuments.Pdf() });
        await Assertions.Expect(page.GetByTestId("document-link")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove stray.pdf" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("document-link")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("document-link")).ToHaveTextAsync("protocol.pdf");
        await page.AssertAccessibleAsync();

        await page.GetByTestId("submit").ClickAsync();
        await StateAsync(page, RequestState.Submitted);
        await Assertions.Expect(page.Locator("[data-awaited='The network screens it']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("screening-due")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        // Staff act through the API; the page follows without being reloaded.
        await Staff.PostAsync($"{CollaborationApi.Requests}/{id}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Screening);
        await Staff.PostAsync($"{CollaborationApi.Requests}/{id}/accept", new { note = "fits the network" }).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Assessment);
        var (_, team, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead");
        await Staff.PostAsync($"{CollaborationApi.Requests}/{id}/routings", new { targetId = team, reason = "MRD flow cytometry" }).ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.Locator("[data-awaited=\"The network's teams prepare their proposals\"]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-event='AcceptedForAssessment']")).ToContainTextAsync("Accepted for assessment");
        await Assertions.Expect(page.Locator("[data-event='RequestRouted']")).ToHaveCountAsync(0); // the network's own business
        Assert.Equal(1, await page.Locator("[data-page='request']").CountAsync()); // never reloaded: the same page
        await page.AssertAccessibleAsync();

        await page.GotoAsync("/requests");
        await WebAppFixture.ReadyAsync(page, "requests");
        await Assertions.Expect(page.Locator($"[data-request='{id}'] [data-testid='state']")).ToHaveTextAsync("Assessment");
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_partner_answers_the_network_chooses_a_proposal_and_rates_the_collaboration()
    {
        var (company, partner) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var (member, team, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead");
        var id = await new RequestJourney(Staff, partnerApi, team, team).InStateAsync(RequestState.Screening);
        var at = $"{CollaborationApi.Requests}/{id}";
        await Staff.PostAsync($"{at}/accept", new { note = "fits" }).ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/routings", new { targetId = team, reason = "MRD flow cytometry" }).ExpectAsync(HttpStatusCode.OK);
        await member.PostAsync($"{at}/routings/{team}/answer", new { interested = true, approach = "Flow MRD at three time points", indicativeBudgetEuros = 180_000, timeline = "12 months" })
            .ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/messages", new { text = "Could you tell us the cohort size you need?" }).ExpectAsync(HttpStatusCode.OK);
        await Staff.PostAsync($"{at}/confidential", null).ExpectAsync(HttpStatusCode.OK);

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner, $"/requests/{id}");
        await WebAppFixture.ReadyAsync(page, "request");
        await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync("Could you tell us the cohort size you need?");
        await Assertions.Expect(page.GetByTestId("confidential-text")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("access-log").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.GetByTestId("show-confidential").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confidential-text")).ToHaveTextAsync(RequestJourney.ConfidentialDetails);
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Your message").FillAsync("About 120 patients, followed for two years.");
        await page.GetByTestId("send-message").ClickAsync();
        await Assertions.Expect(page.GetByTestId("messages")).ToContainTextAsync("About 120 patients, followed for two years.");
        var thread = await Staff.GetAsync($"{at}/messages").OkJsonAsync();
        Assert.Contains(thread.EnumerateArray(), m => m.GetProperty("text").GetString() == "About 120 patients, followed for two years.");

        await Staff.PostAsync($"{at}/shortlist", new { targetIds = new[] { team } }).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Shortlisted);
        await Assertions.Expect(page.Locator("[data-awaited='Your choice among the proposals']")).ToBeVisibleAsync();
        var proposal = page.Locator($"[data-proposal='{team}']");
        await Assertions.Expect(proposal).ToContainTextAsync("Flow MRD at three time points");
        await Assertions.Expect(proposal).ToContainTextAsync("€180,000");
        await page.AssertAccessibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)"); // the picture shows the page from its top
        await WebAppPagesTests.Screenshot(page, "web-partner-request.png");

        await proposal.GetByTestId("select").ClickAsync();
        await StateAsync(page, RequestState.Contracting);
        await Assertions.Expect(page.GetByTestId("chosen")).ToBeVisibleAsync();

        await Staff.PostAsync($"{at}/agreements", new { kind = "ResearchCollaboration", parties = new[] { "Partner", "OPALE" }, valueEuros = 180_000, signedOn = "2026-11-20" })
            .ExpectAsync(HttpStatusCode.OK);
        await Assertions.Expect(page.GetByTestId("agreements")).ToContainTextAsync("€180,000");
        await Staff.PostAsync($"{at}/activate", null).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Active);
        await Staff.PostAsync($"{at}/complete", new { outcomeNote = "Delivered: MRD kinetics for 120 patients" }).ExpectAsync(HttpStatusCode.OK);
        await StateAsync(page, RequestState.Completed);
        await Assertions.Expect(page.GetByTestId("outcome")).ToHaveTextAsync("Delivered: MRD kinetics for 120 patients");
        await Assertions.Expect(page.Locator("[data-awaited='Your rating']")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await page.GetByTestId("rating-form").Locator("label.mud-radio", new() { HasText = "4" }).ClickAsync();
        await page.GetByLabel("Comment (optional)").FillAsync("Quick and thorough.");
        await page.GetByTestId("rate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rated")).ToContainTextAsync("You rated it 4 out of 5.");
        await Assertions.Expect(page.Locator("[data-event='SatisfactionRated']")).ToContainTextAsync("4 out of 5");
        var rated = await Staff.GetAsync(at).OkJsonAsync();
        Assert.Equal(4, rated.GetProperty("satisfaction").GetProperty("score").GetInt32());
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task another_companys_partner_sees_none_of_it_whatever_the_address()
    {
        var (company, _) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var id = await new RequestJourney(Staff, partnerApi, Guid.Empty, Guid.Empty).DraftAsync(RequestJourney.Details("Secret compound programme"));
        var document = (await (await SampleDocuments.UploadAsync(partnerApi, id, "compound.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        var (_, other) = await CompanyAsync();

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, other, "/requests");
        await WebAppFixture.ReadyAsync(page, "requests");
        await Assertions.Expect(page.GetByTestId("no-requests")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Secret compound programme")).ToHaveCountAsync(0);

        foreach (var path in new[] { $"/requests/{id}", $"/requests/{id}/edit", $"/requests/{Guid.NewGuid()}" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("[data-status='404']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not found");
            await Assertions.Expect(page.GetByText("Secret compound programme")).ToHaveCountAsync(0);
            Assert.DoesNotContain("Secret compound programme", await page.ContentAsync(), StringComparison.Ordinal);
            await page.AssertAccessibleAsync();
        }

        // Nor by the document's own link, signed in with the browser's cookie: as for a document that does not exist.
        var byLink = await page.APIRequest.GetAsync($"/web/collaborations/{id}/documents/{document}");
        Assert.Equal(404, byLink.Status);
        Assert.DoesNotContain("%PDF", await byLink.TextAsync(), StringComparison.Ordinal);
        var log = await partnerApi.GetAsync($"{CollaborationApi.Requests}/{id}/access-log").OkJsonAsync();
        Assert.Empty(log.EnumerateArray()); // the attempt opened nothing
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task two_pages_editing_the_same_draft_the_second_save_shows_the_conflict_and_reloads()
    {
        var (company, partner) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var id = await new RequestJourney(Staff, partnerApi, Guid.Empty, Guid.Empty).DraftAsync(RequestJourney.Details("Draft edited twice"));

        var first = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(first, partner, $"/requests/{id}/edit");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync($"/requests/{id}/edit");
        await WebAppFixture.ReadyAsync(first, "request-form");
        await WebAppFixture.ReadyAsync(second, "request-form");

        await first.GetByLabel("Title", new() { Exact = true }).FillAsync("Draft edited first here");
        await first.GetByTestId("save").ClickAsync();
        await SavedAsync(first);

        await second.GetByLabel("Summary").FillAsync("A summary written meanwhile");
        await second.GetByTestId("save").ClickAsync();
        await Assertions.Expect(second.GetByTestId("conflict")).ToBeVisibleAsync();
        await Assertions.Expect(second.GetByLabel("Summary")).ToHaveValueAsync("A summary written meanwhile"); // kept until the person reloads
        Assert.EndsWith("/edit", second.Url, StringComparison.Ordinal);
        await second.AssertAccessibleAsync();

        await second.GetByTestId("reload").ClickAsync();
        await Assertions.Expect(second.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync("Draft edited first here");
        await Assertions.Expect(second.GetByTestId("conflict")).ToHaveCountAsync(0);
        var saved = await Staff.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync();
        Assert.Equal("Draft edited first here", saved.GetProperty("title").GetString());
        Assert.NotEqual("A summary written meanwhile", saved.GetProperty("summary").GetString());
        await first.Context.CloseAsync();
    }

    [Fact]
    public async Task a_partner_withdraws_a_submitted_request_saying_why_and_the_page_says_so()
    {
        var (company, partner) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var id = await new RequestJourney(Staff, partnerApi, Guid.Empty, Guid.Empty).InStateAsync(RequestState.Submitted);

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner, $"/requests/{id}");
        await WebAppFixture.ReadyAsync(page, "request");
        await page.GetByTestId("withdraw").ClickAsync();
        await Assertions.Expect(page.GetByTestId("withdraw-confirm")).ToBeDisabledAsync(); // not without a reason
        await page.GetByLabel("Why you withdraw it").FillAsync("The programme was stopped.");
        await page.GetByTestId("withdraw-confirm").ClickAsync();

        await StateAsync(page, RequestState.Withdrawn);
        await Assertions.Expect(page.GetByTestId("withdrawn")).ToContainTextAsync("The programme was stopped.");
        await Assertions.Expect(page.GetByTestId("withdraw")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        var saved = await Staff.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync();
        Assert.Equal("Withdrawn", saved.GetProperty("state").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_request_page_in_french_shows_french_words_dates_and_euros()
    {
        var (company, partner) = await CompanyAsync();
        using var partnerApi = await web.Platform.SignInAsAsync(["partner"], company);
        var (_, team, _) = await web.Platform.SignInAsMemberOfANewTeamAsync("Lead");
        var id = await new RequestJourney(Staff, partnerApi, team, team).InStateAsync(RequestState.Contracting);
        await Staff.PostAsync($"{CollaborationApi.Requests}/{id}/agreements", new { kind = "Service", parties = new[] { "Partner", "OPALE" }, valueEuros = 7_200_000, signedOn = "2026-02-27" })
            .ExpectAsync(HttpStatusCode.OK);

        var page = await web.NewPageAsync();
        await WebAppFixture.SignInAsync(page, partner, "/requests");
        await page.GotoAsync($"/web/language/fr?returnUrl=%2Frequests%2F{id}");
        await WebAppFixture.ReadyAsync(page, "request");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Décision" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chronologie" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("request-state")).ToHaveTextAsync("Contractualisation");

        var values = (await page.GetByTestId("agreement-value").AllInnerTextsAsync()).Select(Spaced).ToList();
        Assert.Contains("7 200 000 €", values);
        Assert.Contains("180 000 €", values);
        var signed = (await page.GetByTestId("agreement-signed").AllInnerTextsAsync()).Select(Spaced).ToList();
        Assert.Contains("27 févr. 2026", signed);
        Assert.All(signed, s => Assert.Matches(FrenchDay(), s));
        await page.AssertAccessibleAsync();

        // Its notifications say what happened in French too, a kind of agreement in its French words.
        await page.GotoAsync("/notifications");
        await WebAppFixture.ReadyAsync(page, "notifications");
        var said = (await page.GetByTestId("notification-text").AllInnerTextsAsync()).Select(Spaced).ToList();
        Assert.Contains("Un accord a été enregistré pour « A request in Contracting » : Contrat de prestation.", said);
        Assert.Contains(said, s => s.StartsWith("La demande « A request in Contracting » a été retenue pour évaluation", StringComparison.Ordinal));
        await page.AssertAccessibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>A new partner company and a web account of its partner role.</summary>
    private async Task<(Guid Company, string Partner)> CompanyAsync()
    {
        var company = await Staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        return (company.Id, await web.AccountAsync("partner", company.Id));
    }

    /// <summary>Waits for the request page a save opens: a write, then a page, which a loaded machine makes slow.</summary>
    private Task SavedAsync(IPage page) => web.AfterCommandAsync(page, () => WebAppFixture.ArrivedAsync(page, RequestAddress()));

    /// <summary>Waits until the live page shows <paramref name="state"/>, without reloading it.</summary>
    private static Task StateAsync(IPage page, RequestState state) =>
        Assertions.Expect(page.Locator($"[data-page='request'][data-state='{state}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

    /// <summary>French groups digits with narrow or plain no-break spaces: compared with plain ones.</summary>
    private static string Spaced(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Trim();

    [GeneratedRegex(@"/requests/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex RequestAddress();

    [GeneratedRegex(@"^\d{1,2} [a-zéû]+\.? \d{4}$")]
    private static partial Regex FrenchDay();
}
