using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

    private static string FingerprintOf(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>The stored record of the request sent with this body (each test's bodies are its own).</summary>
    private async Task<IdempotentRequest> StoredAsync(string body)
    {
        var fingerprint = FingerprintOf(body);
        await using var session = platform.Store.QuerySession();
        return await session.Query<IdempotentRequest>().SingleAsync(r => r.Fingerprint == fingerprint);
    }

    private async Task RewriteAsync(string body, Func<IdempotentRequest, IdempotentRequest> change)
    {
        var stored = await StoredAsync(body);
        await using var session = platform.Store.LightweightSession();
        session.Store(change(stored));
        await session.SaveChangesAsync();
    }

    /// <summary>What a process that stopped between claiming the key and storing the answer leaves behind.</summary>
    private static IdempotentRequest ClaimedAt(IdempotentRequest stored, DateTimeOffset at) =>
        stored with { At = at, Status = null, ContentType = null, Body = null, Location = null, ETag = null };

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
    public async Task a_claim_that_never_completed_blocks_its_key_only_until_its_lease_runs_out()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var draft = $$"""{"title": "Claimed", "summary": "{{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await partner.SendAsync(Post("/api/collaborations", draft, key))).StatusCode);

        // Claimed a moment ago by an attempt still running: a retry waits for it.
        await RewriteAsync(draft, stored => ClaimedAt(stored, DateTimeOffset.UtcNow));
        var whileClaimed = await partner.SendAsync(Post("/api/collaborations", draft, key));
        // Claimed an hour ago by a process that stopped before it stored the answer: the lease ran out, a retry runs.
        await RewriteAsync(draft, stored => ClaimedAt(stored, DateTimeOffset.UtcNow.AddHours(-1)));
        var afterLease = await partner.SendAsync(Post("/api/collaborations", draft, key));
        var replayed = await partner.SendAsync(Post("/api/collaborations", draft, key));

        Assert.Equal(HttpStatusCode.Conflict, whileClaimed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterLease.StatusCode);
        Assert.False(afterLease.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(afterLease.Headers.Location, replayed.Headers.Location);
        Assert.Equal(2, await CountRequestsAsync(partner));
    }

    [Fact]
    public async Task two_retries_racing_for_an_abandoned_claim_run_the_request_once()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var draft = $$"""{"title": "Raced", "summary": "{{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await partner.SendAsync(Post("/api/collaborations", draft, key))).StatusCode);
        await RewriteAsync(draft, stored => ClaimedAt(stored, DateTimeOffset.UtcNow.AddHours(-1)));

        var racing = await Task.WhenAll(
            partner.SendAsync(Post("/api/collaborations", draft, key)), partner.SendAsync(Post("/api/collaborations", draft, key)));

        // Whichever takes the claim over runs; the other meets its claim (409) or its stored answer (a replay).
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed"));
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.Conflict || r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await CountRequestsAsync(partner));
    }

    [Fact]
    public async Task a_retried_message_whose_stored_answer_was_lost_is_refused_as_a_duplicate_and_appends_nothing()
    {
        var (partner, id) = await SubmittedRequestAsync();
        using var _ = partner;
        var message = $$"""{"text": "Posted once {{Guid.NewGuid()}}"}""";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key))).StatusCode);

        // As if the key had been released after a timeout while the grain had appended: no answer left to replay.
        await using (var session = platform.Store.LightweightSession())
        {
            var fingerprint = FingerprintOf(message);
            session.DeleteWhere<IdempotentRequest>(r => r.Fingerprint == fingerprint);
            await session.SaveChangesAsync();
        }

        var afterFirst = await platform.CountEventsAsync();
        var retry = await partner.SendAsync(Post($"/api/collaborations/{id}/messages", message, key));

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("duplicate_message", (await retry.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(afterFirst, await platform.CountEventsAsync());
        Assert.Single(await ThreadAsync(partner, id));
    }

    [Fact]
    public async Task an_answer_past_its_retention_is_forgotten_a_retry_with_its_key_is_a_new_request_and_the_cleanup_deletes_it()
    {
        using var partner = await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);
        var old = $$"""{"title": "Yesterday's", "summary": "{{Guid.NewGuid()}}"}""";
        var recent = $$"""{"title": "Today's", "summary": "{{Guid.NewGuid()}}"}""";
        var oldKey = Guid.NewGuid().ToString();
        var first = await partner.SendAsync(Post("/api/collaborations", old, oldKey));
        Assert.Equal(HttpStatusCode.Created, (await partner.SendAsync(Post("/api/collaborations", recent, Guid.NewGuid().ToString()))).StatusCode);

        // Answered 25 hours ago: past the default retention of 24 hours.
        await RewriteAsync(old, stored => stored with { At = DateTimeOffset.UtcNow.AddHours(-25) });
        var retry = await partner.SendAsync(Post("/api/collaborations", old, oldKey));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, retry.Headers.Location);

        await RewriteAsync(old, stored => stored with { At = DateTimeOffset.UtcNow.AddHours(-25) });
        await platform.App.Services.GetRequiredService<IdempotencyCleanup>().DeleteExpiredAsync(CancellationToken.None);

        await using var session = platform.Store.QuerySession();
        var oldFingerprint = FingerprintOf(old);
        Assert.False(await session.Query<IdempotentRequest>().AnyAsync(r => r.Fingerprint == oldFingerprint));
        Assert.Equal(StatusCodes.Status201Created, (await StoredAsync(recent)).Status);
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
