using System.Net;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;

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
