using System.Net;
using System.Net.Http.Headers;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>Metrics for Prometheus, to a scraper holding the configured key only.</summary>
public sealed class PrometheusTests : OwnDatabaseTests
{
    private const string Key = "a-scrape-key-for-the-tests";

    [Theory]
    [InlineData("Combined")]
    [InlineData("Silo")]
    public async Task a_scraper_with_the_key_reads_the_metrics_and_nobody_else_does(string role)
    {
        var node = await StartAsync(settings: new() { ["Platform:Role"] = role, ["Telemetry:MetricsScrapeKey"] = Key });
        using var http = PlatformFixture.CreateClient(node);
        await http.GetAsync("/health/ready"); // a request to count

        var metrics = await ScrapeAsync(http, Key);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);

        Assert.NotEqual(HttpStatusCode.OK, (await ScrapeAsync(http, "a-guessed-key")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ScrapeAsync(http, key: null)).StatusCode);
    }

    private static Task<HttpResponseMessage> ScrapeAsync(HttpClient http, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http.SendAsync(request);
    }
}
