using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Organisations;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>Small helpers for talking to the API the way a client does.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<T>(Json) ?? throw new InvalidOperationException("Empty body.");

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <param name="idempotencyKey">Sent as the Idempotency-Key header, when given: a retry with it is applied once.</param>
    public static Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client, HttpMethod method, string url, string json, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeys.Header, idempotencyKey);
        }

        return client.SendAsync(request, cancellationToken);
    }

    /// <summary>Registers an organisation with a unique acronym and returns it; a partner company as an SME unless told.</summary>
    public static async Task<OrganisationResponse> RegisterOrganisationAsync(
        this HttpClient client, string? acronym = null, string kind = "ResearchTeam", string? size = null)
    {
        acronym ??= "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var response = await client.SendJsonAsync(HttpMethod.Post, "/api/organisations", new
        {
            name = $"Test organisation {acronym}",
            acronym,
            kind,
            city = "Paris",
            country = "FR",
            affiliations = new[] { "UMR-0000" },
            website = "https://example.org",
            size = size ?? (kind == "PartnerCompany" ? "Sme" : null),
        });
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<OrganisationResponse>();
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync<JsonElement>();
    }
}
