using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Server.Notifications;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Notifications;

/// <summary>Notifications by email, through a fake SMTP server on a loopback port, over platforms restarted on one database.</summary>
public sealed class EmailDeliveryTests : OwnDatabaseTests
{
    private const string Password = "a-long-enough-password";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private static Dictionary<string, string?> Smtp(FakeSmtpServer smtp) => Smtp(smtp.Port);

    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:From"] = "notifications@opale.example",
        ["Smtp:PollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task each_notification_is_emailed_once_to_each_recipient_and_a_restart_between_two_does_not_resend_the_first()
    {
        await using var smtp = new FakeSmtpServer();
        var first = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(first);
        var office = await OpenAccountAsync(staff, "office", ["staff"]);
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        var partnerName = await OpenAccountAsync(staff, "partner", ["partner"], company);
        var (team, leadEmail) = await TeamWithALinkedLeadAsync(staff);
        using var partner = await SignedInAsync(first, partnerName);

        var request = await partner.SubmitNewAsync("Emailed once");
        var sent = await smtp.WaitForAsync(1);

        Assert.Equal([office], sent.Single().To); // staff with an address; the submitter is not told of their own action
        Assert.Equal("notifications@opale.example", sent.Single().From);
        Assert.Contains("Emailed once", sent.Single().Header("Subject"), StringComparison.Ordinal);
        await StopAsync(first);

        var second = await StartAsync(settings: Smtp(smtp));
        using var staffAgain = await PlatformFixture.CreateClientAsync(second);
        using var partnerAgain = await SignedInAsync(second, partnerName);
        await staffAgain.InAssessmentRoutedToAsync(request, team);
        var another = await partnerAgain.SubmitNewAsync("Emailed after the restart");
        await smtp.WaitForAsync(4);
        await OutboxDrainedAsync(second);

        var all = smtp.Received;
        Assert.Equal(4, all.Count);
        Assert.Equal(4, all.Select(m => m.MessageId).Distinct().Count());
        Assert.Single(all, m => m.To.SequenceEqual([office]) && m.Header("Subject")!.Contains("Emailed once", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.SequenceEqual([office]) && m.Header("Subject")!.Contains("Emailed after the restart", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.SequenceEqual([partnerName]) && m.Data.Contains("accepted for assessment", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.SequenceEqual([leadEmail]) && m.Data.Contains("routed to your team", StringComparison.Ordinal)); // a member: their person's email

        await using var session = second.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty(await session.Query<PendingEmail>().ToListAsync());
        var deliveries = await session.Query<EmailDelivery>().ToListAsync();
        Assert.Equal(4, deliveries.Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(2, deliveries.Count(d => d.State == DeliveryState.Skipped)); // the first staff account, "admin", has no address
        Assert.NotEqual(request, another);
    }

    [Fact]
    public async Task a_message_of_the_exchange_is_emailed_to_the_other_side_never_to_its_author()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var office = await OpenAccountAsync(staff, "office", ["staff"]);
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        var partnerName = await OpenAccountAsync(staff, "partner", ["partner"], company);
        using var partner = await SignedInAsync(app, partnerName);
        var request = await partner.SubmitNewAsync("Talked about");
        await smtp.WaitForAsync(1); // the office hears of the submission

        (await staff.PostAsJsonAsync($"/api/collaborations/{request}/messages", new { text = "Is the cohort consented for genomics?" })).EnsureSuccessStatusCode();
        await smtp.WaitForAsync(2);
        (await partner.PostAsJsonAsync($"/api/collaborations/{request}/messages", new { text = "Yes, all of it." })).EnsureSuccessStatusCode();
        await smtp.WaitForAsync(3);
        await OutboxDrainedAsync(app);

        var all = smtp.Received;
        Assert.Equal(3, all.Count);
        Assert.Single(all, m => m.To.SequenceEqual([partnerName]) && m.Data.Contains("New message from the network office on \"Talked about\"", StringComparison.Ordinal));
        Assert.Single(all, m => m.To.SequenceEqual([office]) && m.Data.Contains("New message from the partner on \"Talked about\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_sent_email_is_never_sent_again_and_one_claimed_but_unconfirmed_is_resent_with_the_same_message_id()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: Smtp(smtp));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        await OpenAccountAsync(staff, "office", ["staff"]);
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        using var partner = await SignedInAsync(app, await OpenAccountAsync(staff, "partner", ["partner"], company));
        await partner.SubmitNewAsync("Sent once");
        var original = (await smtp.WaitForAsync(1)).Single();
        await OutboxDrainedAsync(app); // the server has the message; wait for the mailer to record it as sent
        var store = app.Services.GetRequiredService<IDocumentStore>();
        EmailDelivery delivery;
        await using (var session = store.QuerySession())
        {
            delivery = (await session.Query<EmailDelivery>().ToListAsync()).Single(d => d.State == DeliveryState.Sent);
        }

        // The outbox entry back, as if the node had stopped before deleting it: the delivery says Sent, nothing goes out.
        await using (var session = store.LightweightSession())
        {
            session.Store(new PendingEmail(delivery.NotificationId, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await OutboxDrainedAsync(app);
        Assert.Single(smtp.Received);

        // The node stopped after the server took the message and before Sent was committed: sent again, recognisably.
        await using (var session = store.LightweightSession())
        {
            session.Store(delivery with { State = DeliveryState.Sending });
            session.Store(new PendingEmail(delivery.NotificationId, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var again = (await smtp.WaitForAsync(2))[1];
        Assert.Equal(original.MessageId, again.MessageId);
        Assert.Equal(EmailDelivery.MessageId(delivery.Id, "opale.example"), original.MessageId);
        Assert.Equal(original.To, again.To);
    }

    [Fact]
    public async Task while_the_smtp_server_is_unreachable_nothing_is_lost_and_it_goes_out_once_the_server_answers()
    {
        var port = AlfaPlatform.Server.Infrastructure.Postgres.LocalPostgresCluster.FreePort();
        var app = await StartAsync(settings: Smtp(port));
        using var staff = await PlatformFixture.CreateClientAsync(app);
        var office = await OpenAccountAsync(staff, "office", ["staff"]);
        var company = (await staff.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        using var partner = await SignedInAsync(app, await OpenAccountAsync(staff, "partner", ["partner"], company));
        await partner.SubmitNewAsync("Waiting for the mail server");
        await Task.Delay(Settle);

        await using (var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            Assert.NotEmpty(await session.Query<PendingEmail>().ToListAsync());
            // Nothing went out; a delivery may be caught claimed while the mailer tries the server again.
            Assert.DoesNotContain(await session.Query<EmailDelivery>().ToListAsync(), d => d.State is DeliveryState.Sent or DeliveryState.Failed or DeliveryState.GaveUp);
        }

        await using var smtp = new FakeSmtpServer(port);
        var sent = await smtp.WaitForAsync(1);
        await OutboxDrainedAsync(app);

        Assert.Equal([office], Assert.Single(smtp.Received).To);
        Assert.Contains("Waiting for the mail server", sent[0].Header("Subject"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_applicant_is_emailed_its_status_link_which_leaves_the_database_once_sent()
    {
        await using var smtp = new FakeSmtpServer();
        var app = await StartAsync(settings: new(Smtp(smtp)) { ["Smtp:LinkBase"] = "https://opale.example/portal" });
        using var anonymous = PlatformFixture.CreateClient(app);
        var contact = $"jeanne-{Guid.NewGuid():N}@acme.example";

        var applied = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/partner-applications", new
        {
            companyName = "Acme Emailed", country = "DE", size = "Sme", contactName = "Jeanne Martin", contactEmail = contact, interest = "MRD",
        });
        applied.EnsureSuccessStatusCode();
        var token = (await applied.ReadAsync<JsonElement>()).GetProperty("statusToken").GetString()!;
        var mail = (await smtp.WaitForAsync(1)).Single();
        await OutboxDrainedAsync(app);

        Assert.Equal([contact], mail.To);
        Assert.Contains("Acme Emailed", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Contains($"https://opale.example/portal/apply/status/{token}", mail.Data.Replace("=\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var notification = await session.Query<Notification>().SingleAsync(n => n.Subject == NotificationSubject.PartnerApplication);
        Assert.DoesNotContain(token, notification.Text, StringComparison.Ordinal); // the link went with the outbox entry
        Assert.Equal(DeliveryState.Sent, (await session.Query<EmailDelivery>().SingleAsync(d => d.NotificationId == notification.Id)).State);
    }

    /// <summary>Waits (up to 30 s) until the mailer has nothing left to do: no outbox entry, no delivery claimed but unconfirmed.</summary>
    private static async Task OutboxDrainedAsync(WebApplication app)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var session = store.QuerySession())
            {
                if (!await session.Query<PendingEmail>().AnyAsync() && !await session.Query<EmailDelivery>().AnyAsync(d => d.State == DeliveryState.Sending))
                {
                    return;
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "the mailer did not finish its outbox within 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task<string> OpenAccountAsync(HttpClient staff, string who, string[] roles, Guid? partnerOrganisationId = null)
    {
        var userName = $"{who}-{Guid.NewGuid():N}@example.org";
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new { userName, displayName = who, roles, partnerOrganisationId, password = Password });
        created.EnsureSuccessStatusCode();
        return userName;
    }

    private static async Task<HttpClient> SignedInAsync(WebApplication app, string userName)
    {
        var client = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(client, userName, Password);
        return client;
    }

    /// <summary>A team whose lead's account is linked to their person in the directory; the lead's email is the person's.</summary>
    private static async Task<(Guid Team, string LeadEmail)> TeamWithALinkedLeadAsync(HttpClient staff)
    {
        var organisation = await staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var team = (await (await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = "MRD", focusAreas = new[] { "AML" } }))
            .ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var email = $"lead.{Guid.NewGuid():N}@lab.example";
        var person = (await (await staff.SendJsonAsync(HttpMethod.Post, "/api/people", new { givenName = "Laure", familyName = "Lead", email }))
            .ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await staff.SendJsonAsync(HttpMethod.Post, $"/api/teams/{team}/members", new { personId = person, role = "Lead", on = "2024-01-01" })).EnsureSuccessStatusCode();
        var account = await (await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName = $"lead-account-{Guid.NewGuid():N}@example.org", displayName = "Laure Lead", roles = new[] { "member" }, password = Password,
        })).Content.ReadFromJsonAsync<JsonElement>();
        (await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account",
            new { accountId = account.GetProperty("account").GetProperty("id").GetGuid() })).EnsureSuccessStatusCode();
        return (team, email);
    }
}
