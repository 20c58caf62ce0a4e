using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.People;
using AlfaPlatform.Server.Tests.Collaborations;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Infrastructure;
using AlfaPlatform.Server.Tests.Meetings;
using AlfaPlatform.Server.Tests.Notifications;
using AlfaPlatform.Server.Tests.Teams;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static AlfaPlatform.Server.Tests.People.DatabaseSearch;

namespace AlfaPlatform.Server.Tests.People;

/// <summary>
/// Erasure at a person's request (ADR 0008) reaches everywhere their data went: afterwards no table of the database
/// holds it, and the structure (memberships, registrations, messages, readings of confidential details, emails sent)
/// remains, shown as "erased person". Each test runs a platform of its own that emails through a fake SMTP server, so
/// the mailer's deliveries are real.
/// </summary>
public sealed class CompleteErasureTests : OwnDatabaseTests
{
    private const string Password = "a-long-enough-password";

    [Fact]
    public async Task after_erasure_no_table_holds_the_persons_data_and_the_roster_shows_erased_person()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var unique = Letters(10);
        var (given, family, marriedName) = ($"Ysolde{unique}", $"Quennell{unique}", $"Brakespeare{unique}");
        var (email, newEmail) = ($"ysolde.{unique}@example.org", $"y.brakespeare.{unique}@example.org");
        var (phone, newPhone, orcid, newOrcid) = (NewPhone(), NewPhone(), NewOrcid(), NewOrcid());
        string[] personalData = [given, family, marriedName, email, newEmail, phone, newPhone, orcid, newOrcid];

        // Registered in March 2023, as an import dates it: the profile's change today keeps the days the record stood as
        // it was before, a row that holds their name and contacts as first registered.
        var person = Guid.NewGuid();
        await DashboardHistoryFixture.At("2023-03-01T09:00:00Z", () => app.Services.GetRequiredService<IGrainFactory>().GetGrain<IPersonGrain>(person)
            .ExecuteAsync(new RegisterPerson(given, family, email, orcid, "Dr", phone, null), null));

        var organisation = await staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = await staff.CreateTeamAsync(organisation.Id);
        var lead = await staff.RegisterPersonAsync("Lena", "Lead");
        Assert.Equal(HttpStatusCode.OK, (await staff.AddMemberAsync(team, lead, "Lead", "2023-01-01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.AddMemberAsync(team, person, "PostDoc", "2023-04-01")).StatusCode);
        var updated = await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/profile", new
        {
            givenName = given, familyName = marriedName, email = newEmail, orcid = newOrcid, title = "Prof", phone = newPhone,
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        // Their sign-in account (user name: their email), linked to them, which acts (its name is on those events).
        var opened = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = newEmail, displayName = $"{given} {marriedName}", roles = new[] { "member" }, password = Password,
        });
        opened.EnsureSuccessStatusCode();
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account", new { accountId = account }).ExpectAsync(HttpStatusCode.OK);
        using var member = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(member, newEmail, Password);
        var changed = await member.SendJsonAsync(HttpMethod.Post, "/api/me/password", new { currentPassword = Password, newPassword = "another-long-password" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await Accounts.SignInAsync(member, newEmail, "another-long-password"); // the change ended the token it was made with

        // A partner's request routed to their team: they open its confidential details (the access log names them),
        // their team is shortlisted, and they write in its conversation (the message names its author).
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        using var partner = await Accounts.SignInAsNewAccountAsync(app, staff, ["partner"], company);
        var request = await new RequestJourney(staff, partner, team, Guid.Empty).DraftAsync(RequestJourney.Details("Erasure everywhere", agreementRequired: false));
        var url = $"{CollaborationApi.Requests}/{request}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { note = "fits" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings", new { targetId = team, reason = "MRD" }).ExpectAsync(HttpStatusCode.OK);
        await member.PostAsync($"{url}/confidential", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/routings/{team}/answer", new { interested = true, approach = "Flow MRD", indicativeBudgetEuros = 100_000, timeline = "a year" })
            .ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/shortlist", new { targetIds = new[] { team } }).ExpectAsync(HttpStatusCode.OK);
        await member.PostAsync($"{url}/messages", new { text = "We can start in March." }).ExpectAsync(HttpStatusCode.OK);
        var thread = await partner.GetAsync($"{url}/messages").OkJsonAsync();
        Assert.Equal($"{given} {marriedName}", thread[0].GetProperty("authorName").GetString());

        // They chair a meeting and one of its sessions, register for it with a keyed write (its stored answer names
        // them), and are emailed when it moves.
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/meetings", new
        {
            title = "Annual symposium", kind = "Congress", start = "2025-11-19T09:00:00", end = "2025-11-21T17:00:00", timeZone = "Europe/Zurich",
            venue = new { name = "Palexpo", city = "Geneva", country = "CH" }, capacity = 100, visibility = "Public",
            chairs = new object[] { new { name = "Hervé Dombret" }, new { personId = person, name = $"{given} {marriedName}" } },
        }).ExpectAsync(HttpStatusCode.Created);
        var meeting = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        await staff.PostAsync($"/api/meetings/{meeting}/sessions", new
        {
            title = "MRD", kind = "Plenary", start = "2025-11-20T10:00:00", end = "2025-11-20T11:00:00",
            chairs = new[] { new { personId = person, name = $"Prof {given} {marriedName}" } },
        }).ExpectAsync(HttpStatusCode.OK);
        await staff.StepAsync(meeting, "publish");
        await staff.StepAsync(meeting, "registration/open");
        await RegisterKeyedThenRescheduleAsync(member, staff, meeting, given);
        await EmailedAsync(app, smtp, newEmail, 3); // routed to their team, shortlisted, and the meeting rescheduled

        // A training of 2023, imported with its dates: they registered on 2 May and its registration closed on the 3rd,
        // so it keeps the day it stood with their registration, a row that names them.
        var training = await PastTrainingAsync(app, organisation.Id, new Registrant(RegistrantKind.Person, person, $"{given} {family}", organisation.Id, IsNetworkMember: true));
        var store = app.Services.GetRequiredService<IDocumentStore>();
        Assert.Equal([("2023-05-02", "2023-05-03", 4L)], await AsOfFromRecordsTests.KeptDaysAsync(store, training));

        var left = await staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members/{person}/leave", new
        {
            on = "2025-01-31", reason = $"{given} {marriedName} moved to Lyon",
        });
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.NotEmpty(await TablesHoldingAsync(Database, personalData)); // the search finds what is there
        Assert.Contains(await TablesHoldingAsync(Database, [family]), hit => hit.EndsWith($".{RecordDays.TableName}: {family}", StringComparison.Ordinal));

        var erased = await staff.PostAsync($"/api/people/{person}/erase", null);
        var again = await staff.PostAsync($"/api/people/{person}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            (await erased.ReadAsync<JsonElement>()).GetProperty("version").GetInt64(),
            (await again.ReadAsync<JsonElement>()).GetProperty("version").GetInt64());
        Assert.Empty(await TablesHoldingAsync(Database, personalData));

        var roster = await (await staff.GetAsync($"/api/teams/{team}/members")).ReadAsync<JsonElement>();
        var membership = Assert.Single(roster.GetProperty("members").EnumerateArray(), m => m.GetProperty("personId").GetGuid() == person);
        Assert.Equal("erased person", membership.GetProperty("name").GetString());
        Assert.Equal("PostDoc", membership.GetProperty("role").GetString());
        Assert.Equal("2023-04-01", membership.GetProperty("joinedOn").GetString());
        Assert.Equal("2025-01-31", membership.GetProperty("leftOn").GetString());
        var then = await (await staff.GetAsync($"/api/teams/{team}/members?asOf=2024-06-30")).ReadAsync<JsonElement>();
        Assert.Contains(then.GetProperty("members").EnumerateArray(), m => m.GetProperty("personId").GetGuid() == person
            && m.GetProperty("name").GetString() == "erased person");

        var record = await (await staff.GetAsync($"/api/people/{person}")).ReadAsync<JsonElement>();
        Assert.Equal("erased person", record.GetProperty("name").GetString());
        Assert.True(record.GetProperty("isErased").GetBoolean());
        Assert.False(record.GetProperty("isActive").GetBoolean());
        Assert.Equal(("", ""), (record.GetProperty("givenName").GetString(), record.GetProperty("familyName").GetString()));
        Assert.All(
            new[] { "email", "orcid", "title", "phone" },
            field => Assert.Equal(JsonValueKind.Null, record.GetProperty(field).ValueKind));
        var past = await (await staff.GetAsync($"/api/people/{person}?asOf={DateTime.UtcNow:yyyy-MM-dd}")).ReadAsync<JsonElement>();
        Assert.Equal("erased person", past.GetProperty("name").GetString());
        var firstDays = await (await staff.GetAsync($"/api/people/{person}?asOf=2023-06-30")).ReadAsync<JsonElement>();
        Assert.Equal(("erased person", JsonValueKind.Null), (firstDays.GetProperty("name").GetString(), firstDays.GetProperty("email").ValueKind));

        // The training's days are folded from its masked events, and a fill of the past days from the events writes
        // neither theirs nor the training's: one that read the events before the masking would write what they were,
        // so it leaves out every stream masked by the time it writes.
        var trainingThen = await staff.GetAsync($"/api/meetings/{training}/registrations?asOf=2023-05-02").OkJsonAsync();
        Assert.Contains("\"erased person\"", trainingThen.GetRawText(), StringComparison.Ordinal);
        var database = app.Services.GetRequiredService<NpgsqlDataSource>();
        await RecordDaysFill.FillAsync<Person>(store, database, CancellationToken.None);
        await RecordDaysFill.FillAsync<Meeting>(store, database, CancellationToken.None);
        Assert.Empty(await AsOfFromRecordsTests.KeptDaysAsync(store, person));
        Assert.Empty(await AsOfFromRecordsTests.KeptDaysAsync(store, training));

        var history = await (await staff.GetAsync($"/api/people/{person}/history")).ReadAsync<JsonElement>();
        Assert.Equal(
            ["PersonRegistered", "PersonProfileUpdated", "PersonLinkedToAccount", "PersonErased"],
            history.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
        Assert.All(history.EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("actor").GetString())));

        // What they did stays, by "erased person": the registration, the message, the reading, the email sent.
        var registrations = await staff.GetAsync($"/api/meetings/{meeting}/registrations").OkJsonAsync();
        Assert.Contains("\"erased person\"", registrations.GetRawText(), StringComparison.Ordinal);
        var chaired = await staff.GetAsync($"/api/meetings/{meeting}").OkJsonAsync();
        Assert.Equal(["Hervé Dombret", "erased person"], chaired.GetProperty("chairs").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var programme = await staff.GetAsync($"/api/meetings/{meeting}/programme").OkJsonAsync();
        Assert.Contains("\"erased person\"", programme.GetRawText(), StringComparison.Ordinal);
        var messages = await partner.GetAsync($"{url}/messages").OkJsonAsync();
        Assert.Equal(("We can start in March.", "erased person"),
            (messages[0].GetProperty("text").GetString(), messages[0].GetProperty("authorName").GetString()));
        var reads = await partner.GetAsync($"{url}/access-log").OkJsonAsync();
        Assert.Equal(account.ToString(), Assert.Single(reads.EnumerateArray()).GetProperty("actorId").GetString());
        Assert.Equal("erased person", reads[0].GetProperty("actorName").GetString());
        await using (var session = store.QuerySession())
        {
            var deliveries = await session.Query<EmailDelivery>().Where(d => d.AccountId == account.ToString()).ToListAsync();
            Assert.Equal(3, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal((DeliveryState.Sent, null), (d.State, d.Address)));
        }

        // The records whose events were masked change again: what their grains held must not bring the person back.
        var moved = await staff.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/schedule", new
        {
            start = "2025-11-20T08:00:00", end = "2025-11-22T18:00:00", timeZone = "Europe/Zurich", reason = "The venue opens earlier",
        }).ExpectAsync(HttpStatusCode.OK);
        var added = await staff.PostAsync($"/api/meetings/{meeting}/sessions", new
        {
            title = "Closing", kind = "Plenary", start = "2025-11-21T16:00:00", end = "2025-11-21T17:00:00",
        }).ExpectAsync(HttpStatusCode.OK);
        var posted = await staff.PostAsync($"{url}/messages", new { text = "Noted, thank you." }).ExpectAsync(HttpStatusCode.OK);
        var attached = await SampleDocuments.UploadAsync(staff, request, "minutes.pdf", SampleDocuments.Pdf(), "application/pdf")
            .ExpectAsync(HttpStatusCode.Created);
        var newcomer = await staff.RegisterPersonAsync("Noa", "Newcomer");
        var joined = await staff.AddMemberAsync(team, newcomer, "PostDoc", "2025-02-01");
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        foreach (var answer in new[] { moved, added, posted, attached, joined })
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain(personalData, body.Contains);
        }
        Assert.Empty(await TablesHoldingAsync(Database, personalData));
        Assert.Equal(["Hervé Dombret", "erased person"],
            (await staff.GetAsync($"/api/meetings/{meeting}").OkJsonAsync()).GetProperty("chairs").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        // The account can no longer sign in, and its token is refused at once.
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/me")).StatusCode);
        using var anonymous = PlatformFixture.CreateClient(app);
        var signIn = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = newEmail, ["password"] = "another-long-password",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task erasing_a_partner_contact_leaves_no_trace_of_them_and_keeps_the_company_and_what_it_did()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        using var anonymous = PlatformFixture.CreateClient(app);
        var unique = Letters(10);
        var (given, family, email, company) = ($"Ines{unique}", $"Okafor{unique}", $"ines.{unique}@acme.example", $"Acme {unique} Pharma");
        string[] personalData = [given, family, email];

        var applied = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = company, country = "DE", size = "MidSize", website = "https://acme.example",
            contactName = $"{given} {family}", contactEmail = email, interest = "MRD monitoring for our phase II trial",
        }).ExpectAsync(HttpStatusCode.Created);
        var application = (await applied.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var approved = await staff.PostAsync($"/api/partner-applications/{application}/approve", null).OkJsonAsync();
        var account = approved.GetProperty("account").GetProperty("id").GetGuid();
        var organisation = approved.GetProperty("organisation").GetProperty("id").GetGuid();
        using var partner = PlatformFixture.CreateClient(app);
        await Accounts.ChooseOwnPasswordAsync(partner, email, approved.GetProperty("oneTimePassword").GetString()!);

        // The contact drafts and submits a request, writes in its conversation, is emailed when it is accepted,
        // registers for a meeting with a keyed write (its stored answer names them) and is emailed when it moves.
        var request = await new RequestJourney(staff, partner, Guid.Empty, Guid.Empty).DraftAsync(RequestJourney.Details("Erase the contact"));
        var url = $"{CollaborationApi.Requests}/{request}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await partner.PostAsync($"{url}/messages", new { text = "Our trial starts in June." }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { note = "fits" }).ExpectAsync(HttpStatusCode.OK);
        var meeting = await staff.OpenMeetingAsync();
        await RegisterKeyedThenRescheduleAsync(partner, staff, meeting, given);
        await EmailedAsync(app, smtp, email, 2); // the request accepted, the meeting rescheduled
        Assert.NotEmpty(await TablesHoldingAsync(Database, personalData)); // the search finds what is there

        var erased = await staff.PostAsync($"/api/partner-applications/{application}/erase", null);
        var again = await staff.PostAsync($"/api/partner-applications/{application}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty(await TablesHoldingAsync(Database, personalData));

        // The company, its application and what its contact did stay; the contact reads "erased person".
        var read = await staff.GetAsync($"/api/partner-applications/{application}").OkJsonAsync();
        Assert.Equal((company, "Approved", "erased person", ""),
            (read.GetProperty("companyName").GetString(), read.GetProperty("status").GetString(),
             read.GetProperty("contactName").GetString(), read.GetProperty("contactEmail").GetString()));
        Assert.Equal(company, (await staff.GetAsync($"/api/organisations/{organisation}").OkJsonAsync()).GetProperty("name").GetString());
        var messages = await staff.GetAsync($"{url}/messages").OkJsonAsync();
        Assert.Equal(("Our trial starts in June.", "erased person"),
            (messages[0].GetProperty("text").GetString(), messages[0].GetProperty("authorName").GetString()));
        var registrations = await staff.GetAsync($"/api/meetings/{meeting}/registrations").OkJsonAsync();
        Assert.Contains("\"erased person\"", registrations.GetRawText(), StringComparison.Ordinal);
        await using (var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var deliveries = await session.Query<EmailDelivery>().Where(d => d.AccountId == account.ToString()).ToListAsync();
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d => Assert.Equal((DeliveryState.Sent, null), (d.State, d.Address)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task erasing_a_partner_account_staff_opened_directly_leaves_no_trace_of_its_person()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var unique = Letters(10);
        var (name, email) = ($"Kofi{unique} Mensah{unique}", $"kofi.{unique}@pharma.example");
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        var opened = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = email, displayName = name, roles = new[] { "partner" }, partnerOrganisationId = company, password = Password,
        }).ExpectAsync(HttpStatusCode.Created);
        var account = (await opened.ReadAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
        using var partner = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(partner, email, Password);

        var request = await new RequestJourney(staff, partner, Guid.Empty, Guid.Empty).DraftAsync(RequestJourney.Details("Erase the account"));
        var url = $"{CollaborationApi.Requests}/{request}";
        await partner.PostAsync($"{url}/submit", null).ExpectAsync(HttpStatusCode.OK);
        await partner.PostAsync($"{url}/messages", new { text = "Any news?" }).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/screening", null).ExpectAsync(HttpStatusCode.OK);
        await staff.PostAsync($"{url}/accept", new { note = "fits" }).ExpectAsync(HttpStatusCode.OK);
        var meeting = await staff.OpenMeetingAsync();
        var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/meetings/{meeting}/registrations")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(keyed)).StatusCode);
        await EmailedAsync(app, smtp, email, 1); // the request accepted
        Assert.NotEmpty(await TablesHoldingAsync(Database, [$"Kofi{unique}", $"Mensah{unique}", email]));

        var erased = await staff.PostAsync($"/api/accounts/{account}/erase", null);
        var again = await staff.PostAsync($"/api/accounts/{account}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var view = await erased.ReadAsync<JsonElement>();
        Assert.Equal(("erased person", false), (view.GetProperty("displayName").GetString(), view.GetProperty("isActive").GetBoolean()));
        Assert.Empty(await TablesHoldingAsync(Database, [$"Kofi{unique}", $"Mensah{unique}", email]));
        var messages = await staff.GetAsync($"{url}/messages").OkJsonAsync();
        Assert.Equal(("Any news?", "erased person"), (messages[0].GetProperty("text").GetString(), messages[0].GetProperty("authorName").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task a_rejected_applicants_contact_is_erased_and_a_pending_one_is_decided_first()
    {
        var app = await StartAsync();
        using var staff = await PlatformFixture.CreateClientAsync(app);
        using var anonymous = PlatformFixture.CreateClient(app);
        var unique = Letters(10);
        var (name, email) = ($"Piet{unique} Janssen{unique}", $"piet.{unique}@biotech.example");
        var applied = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = $"Biotech {unique}", country = "NL", size = "Sme", contactName = name, contactEmail = email, interest = "Flow cytometry",
        }).ExpectAsync(HttpStatusCode.Created);
        var application = (await applied.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();

        var pending = await staff.PostAsync($"/api/partner-applications/{application}/erase", null);
        await staff.PostAsync($"/api/partner-applications/{application}/reject", new { reason = "Out of scope" }).ExpectAsync(HttpStatusCode.OK);
        var erased = await staff.PostAsync($"/api/partner-applications/{application}/erase", null);
        var unknown = await staff.PostAsync($"/api/partner-applications/{Guid.NewGuid()}/erase", null);

        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Equal("still_pending", (await pending.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await TablesHoldingAsync(Database, [$"Piet{unique}", $"Janssen{unique}", email]));
        var history = await staff.GetAsync($"/api/partner-applications/{application}/history").OkJsonAsync();
        Assert.Equal(
            ["PartnerApplicationSubmitted", "PartnerApplicationRejected", "PartnerContactErased"],
            history.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
    }

    private static Dictionary<string, string?> Smtp(FakeSmtpServer smtp) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "notifications@opale.example",
        ["Smtp:PollInterval"] = "00:00:00.200",
    };

    /// <summary>
    /// A meeting of <paramref name="organisation"/> imported with its dates: <paramref name="registrant"/> registered on
    /// 2 May 2023, the registration closed the next day.
    /// </summary>
    private static async Task<Guid> PastTrainingAsync(WebApplication app, Guid organisation, Registrant registrant)
    {
        var id = Guid.NewGuid();
        var grain = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IMeetingGrain>(id);
        await DashboardHistoryFixture.At("2023-05-02T08:00:00Z", () => grain.ExecuteAsync(new CreateMeeting(
            new MeetingDetails("MRD training", MeetingKind.Training, null, [organisation], [], 20, null, null, MeetingVisibility.Public, false),
            new MeetingTime(new DateTime(2023, 6, 1, 9, 0, 0), new DateTime(2023, 6, 1, 17, 0, 0), "Europe/Paris"),
            new MeetingPlace(new Venue("Salle 1", "Paris", "FR"), false, null)), null));
        await DashboardHistoryFixture.At("2023-05-02T08:05:00Z", () => grain.ExecuteAsync(new PublishMeeting(), null));
        await DashboardHistoryFixture.At("2023-05-02T08:10:00Z", () => grain.ExecuteAsync(new OpenRegistration(), null));
        await DashboardHistoryFixture.At("2023-05-02T09:00:00Z", () => grain.ExecuteAsync(new Register(registrant, ByStaff: true), null));
        await DashboardHistoryFixture.At("2023-05-03T09:00:00Z", () => grain.ExecuteAsync(new CloseRegistration(), null));
        return id;
    }

    /// <summary>
    /// Registers for the meeting with an Idempotency-Key (its kept answer names the registrant), then staff move the
    /// meeting, which emails every registrant.
    /// </summary>
    private static async Task RegisterKeyedThenRescheduleAsync(HttpClient registrant, HttpClient staff, Guid meeting, string given)
    {
        var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/meetings/{meeting}/registrations")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var registration = await registrant.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, registration.StatusCode);
        Assert.Contains(given, await registration.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await staff.SendJsonAsync(HttpMethod.Put, $"/api/meetings/{meeting}/schedule", new
        {
            start = "2025-11-20T09:00:00", end = "2025-11-22T17:00:00", timeZone = "Europe/Zurich", reason = "The venue asked us to",
        }).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>Waits (up to 30 s) until <paramref name="count"/> emails reached <paramref name="address"/> and the mailer recorded them.</summary>
    private static async Task EmailedAsync(WebApplication app, FakeSmtpServer smtp, string address, int count)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var session = store.QuerySession())
            {
                if (smtp.Received.Count(m => m.To.Contains(address)) >= count
                    && !await session.Query<PendingEmail>().AnyAsync()
                    && !await session.Query<EmailDelivery>().AnyAsync(d => d.State == DeliveryState.Sending))
                {
                    return;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{count} emails to {address} were not sent within 30 s");
            await Task.Delay(100);
        }
    }
}
