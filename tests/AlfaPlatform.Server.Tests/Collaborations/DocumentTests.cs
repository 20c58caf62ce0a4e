using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// Documents attached to a request: typed by their content (PDF, DOCX, XLSX), at most 20 MB, downloaded by those who
/// may open the confidential details, every download in the access log, removed by the side that attached them.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DocumentTests(PlatformFixture platform)
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task the_partner_attaches_pdf_docx_and_xlsx_typed_by_content_and_each_download_returns_the_same_bytes_and_is_logged()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(staff, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var files = new[]
        {
            ("protocol.pdf", SampleDocuments.Pdf(), "application/pdf"),
            // A client's content type and extension say nothing: the content does.
            ("budget", SampleDocuments.Xlsx(), Xlsx),
            ("../../etc/plan.docx", SampleDocuments.Docx(), Docx),
        };

        var attached = new List<JsonElement>();
        foreach (var (name, bytes, type) in files)
        {
            var response = await SampleDocuments.UploadAsync(partner, id, name, bytes, "text/plain").ExpectAsync(HttpStatusCode.Created);
            var document = await response.ReadAsync<JsonElement>();
            Assert.Equal($"/api/collaborations/{id}/documents/{document.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
            Assert.Equal(type, document.GetProperty("mediaType").GetString());
            Assert.Equal(bytes.Length, document.GetProperty("length").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.GetProperty("sha256").GetString());
            Assert.Equal("partner", document.GetProperty("attachedByRole").GetString());
            attached.Add(document);
        }

        Assert.Equal(["protocol.pdf", "budget", "plan.docx"], attached.Select(d => d.GetProperty("fileName").GetString()));
        var listed = await partner.GetAsync($"{Requests}/{id}/documents").OkJsonAsync();
        Assert.Equal(attached.Select(d => d.GetProperty("id").GetGuid()), listed.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.All(listed.EnumerateArray(), d => Assert.False(string.IsNullOrEmpty(d.GetProperty("attachedByName").GetString())));
        var request = await staff.GetAsync($"{Requests}/{id}").OkJsonAsync();
        Assert.Equal(3, request.GetProperty("documents").GetArrayLength());

        foreach (var ((_, bytes, type), document) in files.Zip(attached))
        {
            var download = await partner.GetAsync($"{Requests}/{id}/documents/{document.GetProperty("id").GetGuid()}").ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal(type, download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(document.GetProperty("fileName").GetString(), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(download.Headers.CacheControl?.NoStore);
        }

        var pdf = attached[0].GetProperty("id").GetGuid();
        await staff.GetAsync($"{Requests}/{id}/documents/{pdf}").ExpectAsync(HttpStatusCode.OK);

        // Every download is logged, the partner's own people's too; the confidential details' entries read as before.
        await staff.PostAsync($"{Requests}/{id}/confidential", null).ExpectAsync(HttpStatusCode.OK);
        var log = (await partner.GetAsync($"{Requests}/{id}/access-log").OkJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["partner", "partner", "partner", "staff", "staff"], log.Select(e => e.GetProperty("role").GetString()));
        Assert.Equal(["Document", "Document", "Document", "Document", "ConfidentialDetails"], log.Select(e => e.GetProperty("opened").GetString()));
        Assert.Equal([.. attached.Select(d => d.GetProperty("id").GetGuid()), pdf], log.Take(4).Select(e => e.GetProperty("documentId").GetGuid()));
        Assert.Equal("protocol.pdf", log[3].GetProperty("documentName").GetString());
        Assert.Equal(JsonValueKind.Null, log[4].GetProperty("documentId").ValueKind);
    }

    [Fact]
    public async Task a_file_is_typed_by_its_content_never_by_its_name_or_content_type_and_an_empty_one_is_refused()
    {
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(platform.Client, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var before = await platform.CountEventsAsync();
        var storedBefore = await ContentRowsAsync(id);

        var refused = new (string Name, byte[] Bytes)[]
        {
            ("report.pdf", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF]), // a renamed .exe
            ("notes.pdf", Encoding.UTF8.GetBytes("Just some text, not a PDF")),
            ("archive.docx", SampleDocuments.Zip(("[Content_Types].xml", "<Types/>"), ("readme.txt", "no main part"))),
            ("broken.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3]),
        };
        foreach (var (name, bytes) in refused)
        {
            var response = await SampleDocuments.UploadAsync(partner, id, name, bytes, "application/pdf").ExpectAsync(HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("unsupported_document_type", (await response.ProblemAsync()).GetProperty("code").GetString());
        }

        await SampleDocuments.UploadAsync(partner, id, "empty.pdf", [], "application/pdf").ExpectAsync(HttpStatusCode.BadRequest);
        using var noFile = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await partner.PostAsync($"{Requests}/{id}/documents", noFile).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal(storedBefore, await ContentRowsAsync(id));
    }

    [Fact]
    public async Task a_document_of_20_mb_is_taken_and_one_byte_more_is_refused_with_413()
    {
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(platform.Client, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var limit = 20 * 1024 * 1024;

        var tooLarge = await SampleDocuments.UploadAsync(partner, id, "big.pdf", SampleDocuments.Pdf(limit + 1), "application/pdf")
            .ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("document_too_large", (await tooLarge.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(0, await ContentRowsAsync(id));

        var largest = SampleDocuments.Pdf(limit);
        var taken = await (await SampleDocuments.UploadAsync(partner, id, "largest.pdf", largest, "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>();
        var download = await partner.GetAsync($"{Requests}/{id}/documents/{taken.GetProperty("id").GetGuid()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(largest, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task only_those_who_may_open_the_confidential_details_see_and_download_documents_and_to_everyone_else_they_do_not_exist()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        using var otherPartner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var (routed, team, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        var (notRouted, _, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "AML");
        using var member = routed;
        using var stranger = notRouted;
        using var viewer = await platform.SignInAsAsync(["viewer"]);

        // Routed to the member's team, which answers; the partner asked for a confidentiality agreement first.
        var journey = new RequestJourney(staff, partner, team, Guid.Empty);
        var id = await journey.InStateAsync(RequestState.Assessment);
        var document = (await (await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var others = await new RequestJourney(staff, otherPartner, Guid.Empty, Guid.Empty).DraftAsync();
        var othersDocument = (await (await SampleDocuments.UploadAsync(otherPartner, others, "theirs.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var list = $"{Requests}/{id}/documents";
        var file = $"{list}/{document}";

        // Another company, a team not routed to: the request's documents do not exist for them.
        foreach (var outsider in new[] { otherPartner, stranger })
        {
            await outsider.GetAsync(list).ExpectAsync(HttpStatusCode.NotFound);
            await outsider.GetAsync(file).ExpectAsync(HttpStatusCode.NotFound);
        }

        await otherPartner.DeleteAsync(file).ExpectAsync(HttpStatusCode.NotFound);
        await SampleDocuments.UploadAsync(otherPartner, id, "x.pdf", SampleDocuments.Pdf(), "application/pdf").ExpectAsync(HttpStatusCode.NotFound);
        // A right document id under the wrong request, both ways.
        await otherPartner.GetAsync($"{Requests}/{others}/documents/{document}").ExpectAsync(HttpStatusCode.NotFound);
        await partner.GetAsync($"{list}/{othersDocument}").ExpectAsync(HttpStatusCode.NotFound);
        await partner.GetAsync($"{Requests}/{others}/documents/{othersDocument}").ExpectAsync(HttpStatusCode.NotFound);
        // A viewer has no request; an anonymous caller no token.
        await viewer.GetAsync(list).ExpectAsync(HttpStatusCode.Forbidden);
        await viewer.GetAsync(file).ExpectAsync(HttpStatusCode.Forbidden);
        await SampleDocuments.UploadAsync(viewer, id, "x.pdf", SampleDocuments.Pdf(), "application/pdf").ExpectAsync(HttpStatusCode.Forbidden);
        await platform.Anonymous.GetAsync(file).ExpectAsync(HttpStatusCode.Unauthorized);

        // The routed team: as for the confidential details, once the agreement the partner asked for is recorded.
        Assert.Equal(0, (await member.GetAsync($"{Requests}/{id}").OkJsonAsync()).GetProperty("documents").GetArrayLength());
        var early = await member.GetAsync(file).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("confidentiality_agreement_required", (await early.ProblemAsync()).GetProperty("code").GetString());
        await member.GetAsync(list).ExpectAsync(HttpStatusCode.Forbidden);
        await SampleDocuments.UploadAsync(member, id, "x.pdf", SampleDocuments.Pdf(), "application/pdf").ExpectAsync(HttpStatusCode.Forbidden);
        await member.DeleteAsync(file).ExpectAsync(HttpStatusCode.Forbidden);
        await staff.PostAsync($"{Requests}/{id}/agreements", new { kind = "Confidentiality", parties = new[] { "Partner", "OPALE" }, valueEuros = 0, signedOn = RequestJourney.SignedOn })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([document], (await member.GetAsync(list).OkJsonAsync()).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.Equal(SampleDocuments.Pdf(), await (await member.GetAsync(file).ExpectAsync(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync());

        var log = (await staff.GetAsync($"{Requests}/{id}/access-log").OkJsonAsync()).EnumerateArray().Single();
        Assert.Equal(("member", document), (log.GetProperty("role").GetString(), log.GetProperty("documentId").GetGuid()));
        Assert.Equal([team], log.GetProperty("teams").EnumerateArray().Select(t => t.GetGuid()));
    }

    [Fact]
    public async Task a_document_is_removed_by_the_side_that_attached_it_its_content_deleted_and_its_name_kept_in_the_partners_history()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(staff, partner, Guid.Empty, Guid.Empty).InStateAsync(RequestState.Submitted);
        var ours = (await (await SampleDocuments.UploadAsync(partner, id, "ours.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var staffs = (await (await SampleDocuments.UploadAsync(staff, id, "terms.docx", SampleDocuments.Docx(), Docx)
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(2, await ContentRowsAsync(id));

        var notTheirs = await staff.DeleteAsync($"{Requests}/{id}/documents/{ours}").ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Equal("not_your_document", (await notTheirs.ProblemAsync()).GetProperty("code").GetString());
        await partner.DeleteAsync($"{Requests}/{id}/documents/{staffs}").ExpectAsync(HttpStatusCode.Forbidden);

        await partner.DeleteAsync($"{Requests}/{id}/documents/{ours}").ExpectAsync(HttpStatusCode.NoContent);

        Assert.Equal(1, await ContentRowsAsync(id));
        Assert.Equal([staffs], (await partner.GetAsync($"{Requests}/{id}/documents").OkJsonAsync()).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        await partner.GetAsync($"{Requests}/{id}/documents/{ours}").ExpectAsync(HttpStatusCode.NotFound);
        await partner.DeleteAsync($"{Requests}/{id}/documents/{ours}").ExpectAsync(HttpStatusCode.NotFound);

        var history = (await partner.GetAsync($"{Requests}/{id}/history").OkJsonAsync()).EnumerateArray()
            .Where(e => e.GetProperty("event").GetString()!.StartsWith("Document", StringComparison.Ordinal)).ToList();
        Assert.Equal(["DocumentAttached", "DocumentAttached", "DocumentRemoved"], history.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(["ours.pdf", "terms.docx", "ours.pdf"], history.Select(e => e.GetProperty("data").GetProperty("fileName").GetString()));
        Assert.False(history[0].GetProperty("data").GetProperty("author").TryGetProperty("actorId", out _)); // not the account
    }

    [Fact]
    public async Task a_keyed_upload_retried_with_another_multipart_boundary_gets_the_same_document_and_stores_its_content_once()
    {
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(platform.Client, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var key = Guid.NewGuid().ToString();

        var first = await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf", key, "first-boundary")
            .ExpectAsync(HttpStatusCode.Created);
        var retry = await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf", key, "second-boundary")
            .ExpectAsync(HttpStatusCode.Created);
        var other = await SampleDocuments.UploadAsync(partner, id, "other.pdf", SampleDocuments.Pdf(), "application/pdf", key, "third-boundary");

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal((await first.ReadAsync<JsonElement>()).GetProperty("id").GetGuid(), (await retry.ReadAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await partner.GetAsync($"{Requests}/{id}/documents").OkJsonAsync()).GetArrayLength());
        Assert.Equal(1, await ContentRowsAsync(id));
    }

    [Theory]
    [InlineData(RequestState.Withdrawn)]
    [InlineData(RequestState.Completed)]
    public async Task a_closed_request_takes_no_document_and_keeps_no_content(RequestState closed)
    {
        var teamA = await platform.Client.CreateTeamAsync((await platform.Client.RegisterOrganisationAsync()).Id, "Team A");
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(platform.Client, partner, teamA, Guid.Empty).InStateAsync(closed);
        var before = await platform.CountEventsAsync();

        var refused = await SampleDocuments.UploadAsync(partner, id, "late.pdf", SampleDocuments.Pdf(), "application/pdf").ExpectAsync(HttpStatusCode.Conflict);

        Assert.Equal("illegal_transition", (await refused.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal(0, await ContentRowsAsync(id));
    }

    [Fact]
    public async Task erasing_who_attached_a_document_keeps_the_document_and_names_its_uploader_erased_person()
    {
        var staff = platform.Client;
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        var userName = $"pia-{Guid.NewGuid():N}@example.org";
        var opened = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Pia Partnerova", roles = new[] { "partner" }, partnerOrganisationId = company, password = "a-long-enough-password",
        }).ExpectAsync(HttpStatusCode.Created);
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        using var pia = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(pia, userName, "a-long-enough-password");
        var id = await new RequestJourney(staff, pia, Guid.Empty, Guid.Empty).DraftAsync();
        var document = (await (await SampleDocuments.UploadAsync(pia, id, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("Pia Partnerova", (await staff.GetAsync($"{Requests}/{id}/documents").OkJsonAsync())[0].GetProperty("attachedByName").GetString());

        await staff.PostAsync($"/api/accounts/{account}/erase", null).ExpectAsync(HttpStatusCode.OK);

        var listed = (await staff.GetAsync($"{Requests}/{id}/documents").OkJsonAsync()).EnumerateArray().Single();
        Assert.Equal((document, "erased person"), (listed.GetProperty("id").GetGuid(), listed.GetProperty("attachedByName").GetString()));
        Assert.Equal(SampleDocuments.Pdf(), await (await staff.GetAsync($"{Requests}/{id}/documents/{document}").ExpectAsync(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync());
        var history = (await staff.GetAsync($"{Requests}/{id}/history").OkJsonAsync()).GetRawText();
        Assert.DoesNotContain("Partnerova", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_browsers_download_route_asks_for_the_web_apps_sign_in_not_a_token()
    {
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(platform.Client, partner, Guid.Empty, Guid.Empty).DraftAsync();
        var document = (await (await SampleDocuments.UploadAsync(partner, id, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = (await partner.GetAsync($"{Requests}/{id}/access-log").OkJsonAsync()).GetArrayLength();

        // A bearer token is not the web app's cookie: the route challenges (a redirect to sign in), never serves.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = partner.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = partner.DefaultRequestHeaders.Authorization;
        var response = await browser.GetAsync($"/web/collaborations/{id}/documents/{document}");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
        Assert.Contains("signin", response.Headers.Location?.OriginalString ?? "signin", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, (await partner.GetAsync($"{Requests}/{id}/access-log").OkJsonAsync()).GetArrayLength());
    }

    private async Task<long> ContentRowsAsync(Guid requestId)
    {
        await using var session = platform.Store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {platform.Store.Options.DatabaseSchemaName}.collaboration_document_content where request_id = ?", CancellationToken.None, requestId);
        return rows.Single();
    }
}

/// <summary>The name a document keeps: the client's, without a path or control characters, at most 200 characters.</summary>
public sealed class DocumentNameTests
{
    [Theory]
    [InlineData("protocol.pdf", "protocol.pdf")]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\ana\\plan.docx", "plan.docx")]
    [InlineData("plan\u0007\r\n\u2028 v2.docx", "plan v2.docx")]
    [InlineData("  ", "document")]
    [InlineData("..", "document")]
    [InlineData(null, "document")]
    public void a_name_loses_its_path_and_control_characters(string? sent, string kept) => Assert.Equal(kept, DocumentFiles.SafeName(sent));

    [Fact]
    public void a_name_keeps_at_most_200_characters_without_splitting_a_character()
    {
        Assert.Equal(new string('a', 200), DocumentFiles.SafeName(new string('a', 300)));
        var emoji = new string('a', 199) + "\U0001F600" + "tail";
        Assert.Equal(new string('a', 199), DocumentFiles.SafeName(emoji));
    }
}

/// <summary>Small valid documents of each type, built in the test, and their upload as a browser or client sends it.</summary>
internal static class SampleDocuments
{
    public static byte[] Pdf(int length = 0)
    {
        var text = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        if (length <= text.Length)
        {
            return text;
        }

        var padded = new byte[length];
        text.CopyTo(padded, 0);
        return padded;
    }

    public static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

    public static byte[] Xlsx() => Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"));

    public static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The upload's form: the file in its field "file".</summary>
    public static MultipartFormDataContent Form(string name, byte[] bytes, string contentType, string? boundary = null)
    {
        var form = boundary is null ? new MultipartFormDataContent() : new MultipartFormDataContent(boundary);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        return form;
    }

    public static async Task<HttpResponseMessage> UploadAsync(
        HttpClient client, Guid request, string name, byte[] bytes, string contentType, string? idempotencyKey = null, string? boundary = null)
    {
        using var form = Form(name, bytes, contentType, boundary);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{CollaborationApi.Requests}/{request}/documents") { Content = form };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(message);
    }
}
