using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Security;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Partners;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Partners;

/// <summary>A company applies (no sign-in), staff approve or reject; approval makes a partner company and its first partner account.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerApplicationTests(PlatformFixture platform)
{
    private readonly HttpClient _staff = platform.Client;

    private static string NewCompany() => "Acme " + Guid.NewGuid().ToString("N")[..8];

    private static object Application(string company, string? email = null, string size = "MidSize") => new
    {
        companyName = company,
        country = "DE",
        size,
        website = "https://acme.example",
        contactName = "Dr Jeanne Martin",
        contactEmail = email ?? $"jeanne-{Guid.NewGuid():N}@acme.example",
        interest = "MRD monitoring for our phase II trial in NPM1-mutated AML",
    };

    private async Task<Guid> ApplyAsync(string? company = null, string? email = null, string size = "MidSize")
    {
        var response = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", Application(company ?? NewCompany(), email, size));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<ApproveApplication.Approved> ApproveAsync(Guid application, object? body = null)
    {
        var response = body is null
            ? await _staff.PostAsync($"/api/partner-applications/{application}/approve", null)
            : await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/approve", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync<ApproveApplication.Approved>();
    }

    [Fact]
    public async Task a_company_applies_without_signing_in_and_gets_a_reference_it_cannot_read_back()
    {
        var company = NewCompany();

        var response = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", Application(company, "jeanne@acme.example"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.ReadAsync<JsonElement>();
        var id = receipt.GetProperty("id").GetGuid();
        Assert.Equal($"/api/partner-applications/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(["id", "status", "statusToken", "statusUrl"], receipt.EnumerateObject().Select(p => p.Name)); // nothing else: no one's data comes back
        Assert.Equal("Pending", receipt.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous.GetAsync("/api/partner-applications")).StatusCode);

        var seen = await (await _staff.GetAsync($"/api/partner-applications/{id}")).ReadAsync<ApplicationResponse>();
        Assert.Equal((company, "DE", CompanySize.MidSize, "jeanne@acme.example", Domain.Partners.ApplicationStatus.Pending),
            (seen.CompanyName, seen.Country, seen.Size, seen.ContactEmail, seen.Status));
        var pending = await (await _staff.GetAsync("/api/partner-applications?status=Pending&pageSize=200")).ReadAsync<JsonElement>();
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == id);
        var history = await (await _staff.GetAsync($"/api/partner-applications/{id}/history")).ReadAsync<JsonElement>();
        var submitted = Assert.Single(history.EnumerateArray());
        Assert.Equal(("PartnerApplicationSubmitted", "anonymous"), (submitted.GetProperty("event").GetString(), submitted.GetProperty("actor").GetString()));
    }

    private async Task<(Guid Id, string Token, string Url)> ApplyWithTokenAsync(string company, string? email = null)
    {
        var response = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", Application(company, email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.ReadAsync<JsonElement>();
        return (receipt.GetProperty("id").GetGuid(), receipt.GetProperty("statusToken").GetString()!, receipt.GetProperty("statusUrl").GetString()!);
    }

    private Task<HttpResponseMessage> StatusAsync(string token) =>
        platform.Anonymous.GetAsync($"/api/partner-applications/status/{Uri.EscapeDataString(token)}");

    [Fact]
    public async Task the_status_token_given_once_shows_the_pending_application_without_sign_in()
    {
        var company = NewCompany();
        var (_, token, url) = await ApplyWithTokenAsync(company);

        Assert.Equal(43, token.Length);
        Assert.Equal($"/apply/status/{token}", url);
        var response = await StatusAsync(token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var status = await response.ReadAsync<JsonElement>();
        Assert.Equal((company, "Pending"), (status.GetProperty("companyName").GetString(), status.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("decidedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("userName").ValueKind);
        Assert.False(status.TryGetProperty("contactEmail", out _)); // nothing about the contact

        var inProcess = await platform.App.Services.CreateScope().ServiceProvider.GetRequiredService<IMediator>().Send(new GetApplicationStatus.Query(token));
        Assert.Equal(company, inProcess?.CompanyName);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, but nobody's
    [InlineData("short")]
    [InlineData("not a token at all, with spaces and more than forty-three characters")]
    public async Task a_wrong_status_token_is_404(string token)
    {
        await ApplyWithTokenAsync(NewCompany());

        var response = await StatusAsync(token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task the_status_page_follows_approval_and_names_the_account_to_sign_in_as()
    {
        var email = $"jeanne-{Guid.NewGuid():N}@acme.example";
        var (id, token, _) = await ApplyWithTokenAsync(NewCompany(), email);

        await ApproveAsync(id);

        var status = await (await StatusAsync(token)).ReadAsync<JsonElement>();
        Assert.Equal(("Approved", email), (status.GetProperty("status").GetString(), status.GetProperty("userName").GetString()));
        Assert.True(status.GetProperty("decidedAt").GetDateTimeOffset() >= status.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("rejectionReason").ValueKind);
    }

    [Fact]
    public async Task the_status_page_follows_rejection_with_its_reason()
    {
        var (id, token, _) = await ApplyWithTokenAsync(NewCompany());

        (await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{id}/reject", new { reason = "Outside the network's field." })).EnsureSuccessStatusCode();

        var status = await (await StatusAsync(token)).ReadAsync<JsonElement>();
        Assert.Equal(("Rejected", "Outside the network's field."), (status.GetProperty("status").GetString(), status.GetProperty("rejectionReason").GetString()));
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("decidedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("userName").ValueKind);
    }

    [Fact]
    public async Task staff_never_read_the_status_token_and_the_database_holds_only_its_hash()
    {
        var (id, token, _) = await ApplyWithTokenAsync(NewCompany());

        var one = await (await _staff.GetAsync($"/api/partner-applications/{id}")).Content.ReadAsStringAsync();
        var list = await (await _staff.GetAsync("/api/partner-applications?status=Pending&pageSize=200")).Content.ReadAsStringAsync();
        var history = await (await _staff.GetAsync($"/api/partner-applications/{id}/history")).Content.ReadAsStringAsync();
        Assert.All(new[] { one, list, history }, text => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
        Assert.DoesNotContain(ApplicationStatusTokens.HashOf(token), one, StringComparison.Ordinal);

        Assert.Equal(0, await CountRowsHoldingAsync(token)); // no email goes without SMTP, so not even an outbox entry
        Assert.True(await CountRowsHoldingAsync(ApplicationStatusTokens.HashOf(token)) > 0); // the submission event and its record
    }

    [Fact]
    public async Task approving_registers_the_partner_company_and_opens_an_account_that_acts_for_that_company_only()
    {
        var company = NewCompany();
        var email = $"contact-{Guid.NewGuid():N}@acme.example";
        var application = await ApplyAsync(company, email, size: "LargeGroup");

        var response = await _staff.PostAsync($"/api/partner-applications/{application}/approve", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var approved = await response.ReadAsync<ApproveApplication.Approved>();
        var organisation = approved.Organisation;
        Assert.Equal((company, company, OrganisationKind.PartnerCompany, CompanySize.LargeGroup, "DE", "https://acme.example"),
            (organisation.Name, organisation.Acronym, organisation.Kind, organisation.Size, organisation.Country, organisation.Website));
        Assert.Equal((email, "Dr Jeanne Martin", organisation.Id, true), (approved.Account.UserName, approved.Account.DisplayName, approved.Account.PartnerOrganisationId, approved.Account.IsActive));
        Assert.Equal([Roles.Partner], approved.Account.Roles);
        Assert.Equal((Domain.Partners.ApplicationStatus.Approved, organisation.Id, approved.Account.Id),
            (approved.Application.Status, approved.Application.OrganisationId, approved.Application.AccountId));
        Assert.False(string.IsNullOrEmpty(approved.OneTimePassword));

        // The contact signs in with the one-time password, which opens nothing but choosing their own; then they act
        // for their new company, and for nothing else.
        using var partner = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(partner, email, approved.OneTimePassword!);
        var me = await (await partner.GetAsync("/api/me")).ReadAsync<JsonElement>();
        Assert.Equal(("partner", organisation.Id), (me.GetProperty("actingRole").GetString(), me.GetProperty("restrictedToOrganisation").GetGuid()));
        var tooEarly = await partner.GetAsync("/api/collaborations");
        Assert.Equal(HttpStatusCode.Forbidden, tooEarly.StatusCode);
        Assert.Equal("password_change_required", (await tooEarly.ProblemAsync()).GetProperty("code").GetString());
        await Accounts.ChooseOwnPasswordAsync(partner, email, approved.OneTimePassword!);
        var draft = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new { title = "MRD follow-up", summary = "MRD monitoring in AML" });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal(organisation.Id, (await draft.ReadAsync<JsonElement>()).GetProperty("partnerOrganisationId").GetGuid());
        var directory = await (await partner.GetAsync("/api/organisations?pageSize=200")).ReadAsync<JsonElement>();
        Assert.Equal([organisation.Id], directory.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        var other = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/api/organisations/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/partner-applications")).StatusCode);

        // Each record keeps its own history: the application's decision, the organisation's registration by staff.
        var applicationHistory = await (await _staff.GetAsync($"/api/partner-applications/{application}/history")).ReadAsync<JsonElement>();
        Assert.Equal(["PartnerApplicationSubmitted", "PartnerApplicationApproved"], applicationHistory.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.Equal("staff", applicationHistory[1].GetProperty("role").GetString());
        var organisationHistory = await (await _staff.GetAsync($"/api/organisations/{organisation.Id}/history")).ReadAsync<JsonElement>();
        var registered = Assert.Single(organisationHistory.EnumerateArray());
        Assert.Equal(("OrganisationRegistered", "staff", "LargeGroup"),
            (registered.GetProperty("event").GetString(), registered.GetProperty("role").GetString(), registered.GetProperty("data").GetProperty("size").GetString()));
        Assert.Equal(applicationHistory[1].GetProperty("correlationId").GetString(), registered.GetProperty("correlationId").GetString());

        // The password is nowhere in the database, and the application is decided once.
        Assert.Equal(0, await CountRowsHoldingAsync(approved.OneTimePassword!));
        var again = await _staff.PostAsync($"/api/partner-applications/{application}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("already_decided", (await again.ProblemAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task an_approval_answer_is_never_kept_for_an_idempotent_retry()
    {
        var application = await ApplyAsync();
        var first = new HttpRequestMessage(HttpMethod.Post, $"/api/partner-applications/{application}/approve");
        first.Headers.Add(IdempotencyKeys.Header, "approve-once");
        var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/partner-applications/{application}/approve");
        retry.Headers.Add(IdempotencyKeys.Header, "approve-once");

        var approved = await (await _staff.SendAsync(first)).ReadAsync<ApproveApplication.Approved>();
        var replayed = await _staff.SendAsync(retry);

        Assert.False(string.IsNullOrEmpty(approved.OneTimePassword));
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("secret", (await replayed.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountRowsHoldingAsync(approved.OneTimePassword!));
    }

    [Fact]
    public async Task an_approval_retried_after_its_answer_was_lost_is_told_it_was_done_and_changes_nothing()
    {
        var application = await ApplyAsync();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Approve()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/partner-applications/{application}/approve");
            request.Headers.Add(IdempotencyKeys.Header, key);
            return request;
        }

        Assert.Equal(HttpStatusCode.OK, (await _staff.SendAsync(Approve())).StatusCode);
        // The process died after the approval committed, before its answer was kept.
        await using (var session = platform.Store.LightweightSession())
        {
            session.DeleteWhere<IdempotentRequest>(r => r.HeldASecret);
            await session.SaveChangesAsync();
        }

        var events = await platform.CountEventsAsync();
        var retry = await _staff.SendAsync(Approve());

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode); // not already_decided: it was this request that decided
        Assert.Equal("idempotent_secret_not_kept", (await retry.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(events, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_taken_acronym_refuses_the_approval_without_a_trace_and_another_one_approves_it()
    {
        var taken = await _staff.RegisterOrganisationAsync();
        var email = $"taken-{Guid.NewGuid():N}@acme.example";
        var application = await ApplyAsync(email: email);
        var before = await platform.CountEventsAsync();

        var refused = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/approve", new { acronym = taken.Acronym });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("duplicate", (await refused.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync()); // no organisation, no account, no decision
        var approved = await ApproveAsync(application, new { acronym = "ACME-" + Guid.NewGuid().ToString("N")[..6] });
        Assert.StartsWith("ACME-", approved.Organisation.Acronym, StringComparison.Ordinal);
        Assert.Equal(email, approved.Account.UserName);
    }

    /// <summary>As if a first approval had registered the organisation and opened the account, then failed before the decision.</summary>
    private async Task<(Guid Application, Guid Organisation, Guid Account)> HalfApprovedAsync()
    {
        var company = NewCompany();
        var email = $"half-{Guid.NewGuid():N}@acme.example";
        var application = await ApplyAsync(company, email);
        var organisationId = ApproveApplication.DerivedId(application, "organisation");
        var accountId = ApproveApplication.DerivedId(application, "account");
        await using var scope = platform.App.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var registered = await mediator.Send(new Register.Command(company, "R" + Guid.NewGuid().ToString("N")[..8], OrganisationKind.PartnerCompany, null, "DE", [], null, CompanySize.MidSize)
        {
            OrganisationId = organisationId,
        });
        Assert.True(registered.IsAccepted);
        var opened = await mediator.Send(new CreateAccount.Command(email, "Dr Jeanne Martin", [Roles.Partner], organisationId) { AccountId = accountId });
        Assert.Null(opened.Rejection);
        return (application, organisationId, accountId);
    }

    [Fact]
    public async Task an_approval_interrupted_half_way_is_completed_by_approving_again()
    {
        var (application, organisationId, accountId) = await HalfApprovedAsync();

        var approved = await ApproveAsync(application);

        Assert.Equal((organisationId, accountId), (approved.Organisation.Id, approved.Account.Id));
        Assert.Null(approved.OneTimePassword); // shown by the attempt that opened the account only, never again
        Assert.Equal(Domain.Partners.ApplicationStatus.Approved, approved.Application.Status);
    }

    [Fact]
    public async Task rejecting_after_an_interrupted_approval_takes_back_its_organisation_and_account()
    {
        var (application, organisationId, accountId) = await HalfApprovedAsync();

        var rejected = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/reject", new { reason = "Duplicate of an existing partner." });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var organisation = await (await _staff.GetAsync($"/api/organisations/{organisationId}")).ReadAsync<OrganisationResponse>();
        Assert.True(organisation.IsArchived);
        var accounts = await (await _staff.GetAsync("/api/accounts")).ReadAsync<List<AccountView>>();
        Assert.False(accounts.Single(a => a.Id == accountId).IsActive);
        var archived = (await (await _staff.GetAsync($"/api/organisations/{organisationId}/history")).ReadAsync<JsonElement>()).EnumerateArray().Last();
        Assert.Contains(application.ToString(), archived.GetProperty("data").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_contact_who_already_has_an_account_is_refused_before_anything_is_written()
    {
        var email = $"member-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Created, (await _staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName = email, displayName = "M", roles = new[] { "member" } })).StatusCode);
        var application = await ApplyAsync(email: email.ToUpperInvariant());
        var before = await platform.CountEventsAsync();

        var refused = await _staff.PostAsync($"/api/partner-applications/{application}/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("contact_has_account", (await refused.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task staff_reject_with_a_reason_and_the_company_may_apply_again()
    {
        var company = NewCompany();
        var application = await ApplyAsync(company);

        var stale = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/reject", new { reason = "x" }, ifMatch: "\"7\"");
        var rejected = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/reject",
            new { reason = "Not a life-sciences company." }, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("\"2\"", rejected.Headers.ETag?.Tag);
        var answer = await rejected.ReadAsync<ApplicationResponse>();
        Assert.Equal((Domain.Partners.ApplicationStatus.Rejected, "Not a life-sciences company.", (Guid?)null), (answer.Status, answer.RejectionReason, answer.OrganisationId));
        var approveAfter = await _staff.PostAsync($"/api/partner-applications/{application}/approve", null);
        var rejectAgain = await _staff.SendJsonAsync(HttpMethod.Post, $"/api/partner-applications/{application}/reject", new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, approveAfter.StatusCode);
        Assert.Equal("already_decided", (await approveAfter.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, rejectAgain.StatusCode);
        var rejectedOnes = await (await _staff.GetAsync("/api/partner-applications?status=Rejected&pageSize=200")).ReadAsync<JsonElement>();
        Assert.Contains(rejectedOnes.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == application);
        var history = await (await _staff.GetAsync($"/api/partner-applications/{application}/history")).ReadAsync<JsonElement>();
        Assert.Equal("Not a life-sciences company.", history[1].GetProperty("data").GetProperty("reason").GetString());

        await ApplyAsync(company); // no longer pending: the name is free again
    }

    [Fact]
    public async Task a_second_application_for_a_company_with_one_pending_is_409_and_writes_nothing()
    {
        var company = NewCompany();
        await ApplyAsync(company);
        var before = await platform.CountEventsAsync();

        var again = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", Application("  " + company.ToUpperInvariant() + " "));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = await again.ProblemAsync();
        Assert.Equal("duplicate", problem.GetProperty("code").GetString());
        Assert.Contains("already pending", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task an_unknown_application_is_404_for_staff()
    {
        var url = $"/api/partner-applications/{Guid.NewGuid()}";

        Assert.Equal(HttpStatusCode.NotFound, (await _staff.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.GetAsync($"{url}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.PostAsync($"{url}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _staff.SendJsonAsync(HttpMethod.Post, $"{url}/reject", new { reason = "x" })).StatusCode);
    }

    public static TheoryData<string, string> StaffRoutes => new()
    {
        { "GET", "" }, { "GET", "/{id}" }, { "GET", "/{id}/history" }, { "POST", "/{id}/approve" }, { "POST", "/{id}/reject" },
    };

    [Theory]
    [MemberData(nameof(StaffRoutes))]
    public async Task only_staff_read_and_decide_applications(string method, string route)
    {
        var application = await ApplyAsync();
        var url = "/api/partner-applications" + route.Replace("{id}", application.ToString(), StringComparison.Ordinal);
        var company = await _staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        var callers = new Dictionary<string, HttpClient>
        {
            ["member"] = await platform.SignInAsAsync(["member"]),
            ["viewer"] = await platform.SignInAsAsync(["viewer"]),
            ["partner"] = await platform.SignInAsAsync(["partner"], company.Id),
            ["anonymous"] = platform.Anonymous,
        };
        var before = await platform.CountEventsAsync();

        foreach (var (who, client) in callers)
        {
            var response = method == "GET" ? await client.GetAsync(url) : await client.SendJsonAsync(HttpMethod.Post, url, new { reason = "mine now" });
            Assert.True(
                response.StatusCode == (who == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden),
                $"{who} {method} {url}: {(int)response.StatusCode}");
        }

        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal("Pending", (await (await _staff.GetAsync($"/api/partner-applications/{application}")).ReadAsync<JsonElement>()).GetProperty("status").GetString());
        foreach (var client in callers.Where(c => c.Key != "anonymous").Select(c => c.Value))
        {
            client.Dispose();
        }
    }

    public static TheoryData<string, string, string> BadApplications => new()
    {
        // body, field named in the errors, why
        { """{"country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "companyName", "no company name" },
        { """{"companyName": "Acme", "country": "France", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "country", "not an ISO code" },
        { """{"companyName": "Acme", "country": "fr", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "country", "lower-case code" },
        { """{"companyName": "Acme", "country": "FR", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "size", "no size" },
        { """{"companyName": "Acme", "country": "FR", "size": "Huge", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "size", "unknown size" },
        { """{"companyName": "Acme", "country": "FR", "size": 0, "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "size", "size as a number" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactEmail": "jo@acme.example", "interest": "x"}""", "contactName", "no contact" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "not an email", "interest": "x"}""", "contactEmail", "bad email" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "Jo <jo@acme.example>", "interest": "x"}""", "contactEmail", "display-form email" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "interest": "x"}""", "contactEmail", "no email" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example"}""", "interest", "no interest" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x", "website": "ftp://acme.example"}""", "website", "not http(s)" },
        { """{"companyName": "Ac\u0000me", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": "x"}""", "companyName", "NUL character" },
        { """{"companyName": "Acme", "country": "FR", "size": "Sme", "contactName": "Jo", "contactEmail": "jo@acme.example", "interest": 42}""", "interest", "wrong type" },
        { """{"companyName": "Acme", """, "body", "malformed JSON" },
        { "", "body", "no body" },
    };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task a_bad_application_is_400_naming_the_field_and_writes_nothing(string body, string field, string why)
    {
        var before = await platform.CountEventsAsync();

        var response = await platform.Anonymous.SendRawAsync(HttpMethod.Post, "/api/partner-applications", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: errors were {errors}");
        Assert.Equal(before, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task an_overlong_interest_is_400()
    {
        var response = await platform.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = NewCompany(), country = "FR", size = "Sme", contactName = "Jo", contactEmail = "jo@acme.example", interest = new string('x', 2001),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("interest", out _));
    }

    [Theory]
    [InlineData("approve", """{"acronym": "@@ bad"}""", "acronym")]
    [InlineData("approve", """{"acronym": ""}""", "acronym")]
    [InlineData("reject", """{}""", "reason")]
    [InlineData("reject", """{"reason": "  "}""", "reason")]
    public async Task a_bad_decision_is_400_naming_the_field(string action, string body, string field)
    {
        var application = await ApplyAsync();

        var response = await _staff.SendRawAsync(HttpMethod.Post, $"/api/partner-applications/{application}/{action}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("/api/partner-applications?status=Maybe", "status")]
    [InlineData("/api/partner-applications?pageSize=0", "pageSize")]
    public async Task a_bad_list_query_is_400_naming_the_parameter(string url, string field)
    {
        var response = await _staff.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("Acme Biotech SA", "Acme Biotech SA")]
    [InlineData("L'Oréal  Recherche & Innovation", "L Oréal Recherche & Innovation")]
    [InlineData("«Über» Pharma GmbH & Co. KG — Forschungszentrum", "Über Pharma GmbH & Co. KG")]
    [InlineData("(4P) Therapeutics", "4P Therapeutics")]
    [InlineData("Abcdefghijklmnopqrstuvwxyz0123456789 Labs", "Abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("Twenty-nine characters long A Limited", "Twenty-nine characters long A")]
    public void an_acronym_is_made_from_the_company_name(string company, string acronym)
    {
        Assert.Equal(acronym, ApproveApplication.AcronymOf(company));
    }

    [Fact]
    public async Task the_openapi_document_describes_the_partner_routes_and_sizes()
    {
        var document = await (await _staff.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/partner-applications", out var applications), string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        Assert.True(applications.TryGetProperty("post", out var apply));
        Assert.Empty(apply.GetProperty("security").EnumerateArray()); // anyone may apply: no token asked
        Assert.False(applications.GetProperty("get").TryGetProperty("security", out _)); // the document's bearer default applies
        Assert.True(paths.TryGetProperty("/api/partner-applications/{id}/approve", out _));
        Assert.True(paths.TryGetProperty("/api/organisations/{id}/size", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["Sme", "MidSize", "LargeGroup"], schemas.GetProperty("CompanySize").GetProperty("enum").EnumerateArray().Select(s => s.GetString()));
        Assert.True(schemas.TryGetProperty("ApplyAsPartnerCommand", out _), string.Join(", ", schemas.EnumerateObject().Select(p => p.Name)));
        Assert.True(schemas.TryGetProperty("ApproveApplicationApproved", out var approved));
        Assert.True(approved.GetProperty("properties").TryGetProperty("oneTimePassword", out _));
    }

    /// <summary>Rows anywhere in the store's events, documents and idempotency records whose data holds <paramref name="text"/>.</summary>
    private async Task<long> CountRowsHoldingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "select table_name from information_schema.columns where table_schema = 'alfa' and column_name = 'data'", connection);
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Contains("mt_events", names);
        long count = 0;
        foreach (var name in names)
        {
            await using var search = new NpgsqlCommand($"select count(*) from alfa.{name} where data::text like '%' || $1 || '%'", connection);
            search.Parameters.AddWithValue(text);
            count += (long)(await search.ExecuteScalarAsync())!;
        }

        return count;
    }
}

/// <summary>Applying needs no sign-in, so it is throttled per address like every anonymous call.</summary>
public sealed class PartnerApplicationRateLimitTests : OwnDatabaseTests
{
    [Fact]
    public async Task anonymous_applications_are_throttled_per_address_with_429()
    {
        using var client = PlatformFixture.CreateClient(await StartAsync(settings: new() { ["RateLimits:Anonymous"] = "3" }));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            last = await client.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
            {
                companyName = $"Throttled {attempt}", country = "FR", size = "Sme", contactName = "Jo", contactEmail = "jo@acme.example", interest = "x",
            });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], statuses.Take(3));
        Assert.All(statuses.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.NotNull(last!.Headers.RetryAfter);
    }
}
