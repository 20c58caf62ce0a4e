using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Collaborations;

[Collection(PlatformCollection.Name)]
public sealed class IdempotencyTests(PlatformFixture platform)
{
    private static HttpRequestMessage Post(string url, string? json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>A partner and its submitted request: a conversation can start.</summary>
    private async Task<(HttpClient Partner, Guid Request)> SubmittedRequestAsync()
    {
        var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var created = await partner.SendAsync(Post("/api/collaborations", """{"title": "Talkative", "summary": "A question for the network"}""", Guid.NewGuid().ToString()));
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await partner.PostAsync($"/api/collaborations/{id}/submit", null)).StatusCode);
        return (partner, id);
    }

    private static async Task<IReadOnlyList<string?>> ThreadAsync(HttpClient partner, Guid request) =>
        [.. (await (await partner.GetAsync($"/api/collaborations/{request}/messages")).ReadAsync<JsonElement>()).EnumerateArray()
            .Select(m => m.GetProperty("text").GetString())];

    private static string FingerprintOf(string body) => IdempotencyKeys.Fingerprint(Encoding.UTF8.GetBytes(body));

    /// <summary>The stored record of the request sent with this body (each test's bodies are its own).</summary>
    private async Task<IdempotentRequest> StoredAsync(string body)
    {
        var fingerprint = FingerprintOf(body);
        await using var session = platform.Store.QuerySession();
        return await session.Query<IdempotentRequest>().SingleAsync(r => r.Fingerprint == fingerprint);
    }

    /// <summary>What a process that stopped after the write committed, before it kept the answer, leaves behind.</summary>
    private async Task LoseAnswerAsync(string body)
    {
        var fingerprint = FingerprintOf(body);
        await using var session = platform.Store.LightweightSession();
        session.DeleteWhere<IdempotentRequest>(r => r.Fingerprint == fingerprint);
        await session.SaveChangesAsync();
    }

    private static async Task<long> CountRequestsAsync(HttpClient partner) =>
        (await (await partner.GetAsync("/api/collaborations?pageSize=200")).ReadAsync<JsonElement>()).GetProperty("total").GetInt64();

    [Fact]
    public async Task a_retried_draft_and_a_retried_submission_with_the_same_key_append_nothing_and_answer_the_same()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        const string draft = """{"title": "Retried", "summary": "Sent twice over a flaky network"}""";
        var key = Guid.NewGuid().ToString();

        var first = await partner.SendAsync(Post("/api/collaborations", draft, key));
        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post("/api/collaborations", draft, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(afterFirst, await platform.CountEventsAsync());

        var id = (await first.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var submitKey = Guid.NewGuid().ToString();
        var submitted = await partner.SendAsync(Post($"/api/collaborations/{id}/submit", null, submitKey));
        var afterSubmit = await platform.CountEventsAsync();
        var resubmitted = await partner.SendAsync(Post($"/api/collaborations/{id}/submit", null, submitKey));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode); // not 409: the retry gets the first answer
        Assert.Equal(afterSubmit, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task a_retried_message_with_the_same_key_is_posted_once()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var created = await partner.SendAsync(Post("/api/collaborations", """{"title": "Talkative", "summary": "A question for the network"}""", Guid.NewGuid().ToString()));
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await partner.PostAsync($"/api/collaborations/{id}/submit", null)).StatusCode);
        const string message = """{"text": "Is the cohort consented for genomics?"}""";
        var key = Guid.NewGuid().ToString();

        var first = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));
        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));
        var otherText = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", """{"text": "Something else"}""", key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherText.StatusCode);
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
        var thread = await (await partner.GetAsync($"/api/collaborations/{id}/messages")).ReadAsync<JsonElement>();
        Assert.Equal(["Is the cohort consented for genomics?"], thread.EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task the_same_message_sent_with_the_request_id_in_upper_case_or_with_a_trailing_slash_is_posted_once()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var message = $$"""{"text": "Spelled differently {{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();

        var first = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));
        var upperCase = await partner.SendAsync(Post($"/api/collaborations/{id.ToString().ToUpperInvariant()}/messages", message, key));
        var trailingSlash = await partner.SendAsync(Post($"/api/collaborations/{id}/messages/", message, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upperCase.StatusCode);
        Assert.Equal("true", upperCase.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.OK, trailingSlash.StatusCode);
        Assert.Equal("true", trailingSlash.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await ThreadAsync(partner, id));
    }

    [Fact]
    public async Task a_retried_message_whose_stored_answer_was_lost_is_answered_as_done_and_appends_nothing()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var message = $$"""{"text": "Posted once {{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key))).StatusCode);

        await LoseAnswerAsync(message);
        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
        Assert.Single(await ThreadAsync(partner, id));
    }

    [Fact]
    public async Task a_retried_create_whose_answer_was_lost_after_the_write_committed_is_answered_as_done_and_creates_nothing()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var draft = $$"""{"title": "Crashed", "summary": "{{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        var first = await partner.SendAsync(Post("/api/collaborations", draft, key));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // The process died between the commit (events and key, one transaction) and keeping the answer.
        await LoseAnswerAsync(draft);
        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post("/api/collaborations", draft, key));

        // No wait for a lease, no second record, no 409: the same record, read again.
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
        Assert.Equal(1, await CountRequestsAsync(partner));
    }

    [Fact]
    public async Task a_retried_change_whose_answer_was_lost_is_answered_as_done_although_its_own_write_made_its_if_match_stale()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var created = await partner.SendAsync(Post("/api/collaborations", $$"""{"title": "To edit", "summary": "{{Guid.NewGuid()}}"}""", Guid.NewGuid().ToString()));
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var edit = $$"""{"title": "Edited once", "summary": "{{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Edit()
        {
            var request = Post($"/api/collaborations/{id}/draft", edit, key);
            request.Method = HttpMethod.Put;
            request.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
            return request;
        }

        var first = await partner.SendAsync(Edit());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await LoseAnswerAsync(edit);
        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Edit());

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode); // not 412: the version it expected is the one it wrote over
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
    }

    [Fact]
    public async Task attempts_racing_with_one_key_write_once_and_none_waits_or_is_refused()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var draft = $$"""{"title": "Raced", "summary": "{{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();

        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => partner.SendAsync(Post("/api/collaborations", draft, key))));

        Assert.All(racing, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(racing.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await CountRequestsAsync(partner));
    }

    [Fact]
    public async Task an_answer_that_cannot_be_kept_is_still_sent_and_a_retry_is_answered_as_done()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var message = $$"""{"text": "Sent while the answers table is gone {{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();

        // The write commits, then keeping its answer fails (as when the database drops right after the append).
        HttpResponseMessage first;
        await using (var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, """
                create function alfa.refuse_answers() returns trigger language plpgsql as $$ begin raise exception 'answers refused by the test'; end $$;
                create trigger refuse_answers before insert or update on alfa.mt_doc_idempotentrequest for each row execute function alfa.refuse_answers();
                """);
            try
            {
                first = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));
            }
            finally
            {
                await ExecuteAsync(connection, "drop trigger refuse_answers on alfa.mt_doc_idempotentrequest; drop function alfa.refuse_answers();");
            }
        }

        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode); // the truth, not a 5xx for a committed write
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
        Assert.Single(await ThreadAsync(partner, id));
    }

    [Fact]
    public async Task an_answer_past_its_retention_is_forgotten_a_retry_with_its_key_is_a_new_request_and_the_cleanup_deletes_it()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var old = $$"""{"text": "Yesterday's {{Guid.NewGuid()}}"}""";
        var recent = $$"""{"text": "Today's {{Guid.NewGuid()}}"}""";
        var oldKey = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(Post($"/api/collaborations/{id}/messages", old, oldKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(Post($"/api/collaborations/{id}/messages", recent, Guid.NewGuid().ToString()))).StatusCode);

        // Answered and written 25 hours ago: past the default retention of 24 hours.
        await AgeAsync(old, TimeSpan.FromHours(25));
        var retry = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", old, oldKey));

        // A new request: it runs, and the message's id, derived from the key, is refused by the request's own rules.
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("duplicate_message", (await retry.ProblemAsync()).GetProperty("code").GetString());

        await AgeAsync(old, TimeSpan.FromHours(25));
        await platform.App.Services.GetRequiredService<IdempotencyCleanup>().DeleteExpiredAsync(CancellationToken.None);

        await using var session = platform.Store.QuerySession();
        var (oldFingerprint, recentFingerprint) = (FingerprintOf(old), FingerprintOf(recent));
        Assert.False(await session.Query<IdempotentRequest>().AnyAsync(r => r.Fingerprint == oldFingerprint));
        Assert.False(await session.Query<IdempotentWrite>().AnyAsync(w => w.Fingerprint == oldFingerprint));
        Assert.Equal(StatusCodes.Status200OK, (await StoredAsync(recent)).Status);
        Assert.True(await session.Query<IdempotentWrite>().AnyAsync(w => w.Fingerprint == recentFingerprint));
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task AgeAsync(string body, TimeSpan age)
    {
        var fingerprint = FingerprintOf(body);
        var at = DateTimeOffset.UtcNow - age;
        await using var session = platform.Store.LightweightSession();
        var answers = await session.Query<IdempotentRequest>().Where(r => r.Fingerprint == fingerprint).ToListAsync();
        var writes = await session.Query<IdempotentWrite>().Where(w => w.Fingerprint == fingerprint).ToListAsync();
        session.Store([.. answers.Select(r => r with { At = at })]);
        session.Store([.. writes.Select(w => w with { At = at })]);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task the_answers_of_request_changes_are_kept_without_their_body_and_a_replay_reads_the_request_again()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var secret = $"Compound {Guid.NewGuid():N}, structure attached";
        var draft = $$"""{"title": "Confidential", "summary": "Kept out of the keys", "confidentialDetails": "{{secret}}"}""";
        var key = Guid.NewGuid().ToString();

        var created = await partner.SendAsync(Post("/api/collaborations", draft, key));
        var id = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var submitted = await partner.SendAsync(Post($"/api/collaborations/{id}/submit", null, Guid.NewGuid().ToString()));
        var replayed = await partner.SendAsync(Post("/api/collaborations", draft, key));

        Assert.Contains(secret, await created.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the partner's own view
        Assert.Contains(secret, await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await StoredAsync(draft);
        Assert.Equal((HttpStatusCode.Created, (string?)null, true), ((HttpStatusCode)stored.Status!, stored.Body, stored.ReadAgain));
        await using (var session = platform.Store.QuerySession())
        {
            Assert.DoesNotContain(await session.Query<IdempotentRequest>().ToListAsync(), r => (r.Body ?? "").Contains(secret, StringComparison.Ordinal));
        }

        // The replay is the first answer's status and Location with the request as it is now: submitted since.
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.Headers.Location, replayed.Headers.Location);
        Assert.Equal(submitted.Headers.ETag, replayed.Headers.ETag);
        var now = await replayed.ReadAsync<JsonElement>();
        Assert.Equal("Submitted", now.GetProperty("state").GetString());
        Assert.Equal(secret, now.GetProperty("confidentialDetails").GetString());
    }

    [Fact]
    public async Task the_same_json_spaced_otherwise_or_with_its_members_reordered_is_the_same_request()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var text = $"Said once {Guid.NewGuid()}";
        var key = Guid.NewGuid().ToString();

        var first = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", $$"""{"text": "{{text}}"}""", key));
        var compact = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", $$"""{"text":"{{text}}"}""" + "\n", key));
        var spaced = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", $$"""{ "text" :  "{{text}}" }""", key));
        var other = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", $$"""{"text": "{{text}}!"}""", key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All([compact, spaced], replay =>
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode); // what it says differs
        Assert.Single(await ThreadAsync(partner, id));
        Assert.Equal(
            IdempotencyKeys.Fingerprint(Encoding.UTF8.GetBytes("""{"a": 1, "b": [true, null]}""")),
            IdempotencyKeys.Fingerprint(Encoding.UTF8.GetBytes("""{"b":[true,null],"a":1}""")));
    }

    [Fact]
    public async Task a_key_reused_for_another_request_is_422_and_keys_are_per_caller()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        using var otherPartner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var key = Guid.NewGuid().ToString();

        await partner.SendAsync(Post("/api/collaborations", """{"title": "One", "summary": "First"}""", key));
        var different = await partner.SendAsync(Post("/api/collaborations", """{"title": "Two", "summary": "Second"}""", key));
        var otherCaller = await otherPartner.SendAsync(Post("/api/collaborations", """{"title": "One", "summary": "First"}""", key));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherCaller.StatusCode);
        Assert.False(otherCaller.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task an_answer_holding_a_secret_is_never_kept_for_replay()
    {
        var company = await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany");
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"name": "Replayed system", "partnerOrganisationId": "{{company.Id}}"}""";

        var issued = await platform.Client.SendAsync(Post("/api/api-clients", body, key));
        var retry = await platform.Client.SendAsync(Post("/api/api-clients", body, key));

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        var secret = (await issued.ReadAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
        await using var session = platform.Store.QuerySession();
        var kept = await session.Query<IdempotentRequest>().Where(r => r.HeldASecret).ToListAsync();
        Assert.NotEmpty(kept);
        Assert.All(kept, r => Assert.Null(r.Body));
        Assert.DoesNotContain(await session.Query<IdempotentRequest>().ToListAsync(), r => (r.Body ?? "").Contains(secret, StringComparison.Ordinal));
    }
}
