using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Notifications;

/// <summary>Driving requests through their steps and reading notifications, as the parties' clients do.</summary>
internal static class NotificationApi
{
    public static async Task<(HttpClient Partner, Guid Company)> PartnerOfANewCompanyAsync(this PlatformFixture platform)
    {
        var company = (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id;
        return (await platform.SignInAsAsync(["partner"], company), company);
    }

    public static async Task<Guid> DraftAsync(this HttpClient partner, string title)
    {
        var response = await partner.SendJsonAsync(HttpMethod.Post, "/api/collaborations", new
        {
            title, summary = "MRD monitoring in NPM1-mutated AML", confidentialDetails = "Compound X, phase II",
            kinds = new[] { "MrdMonitoring" }, diseaseAreas = new[] { "AML" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> SubmitNewAsync(this HttpClient partner, string title)
    {
        var request = await partner.DraftAsync(title);
        await partner.StepAsync($"/api/collaborations/{request}/submit");
        return request;
    }

    /// <summary>Screened and accepted by staff, then routed to <paramref name="targets"/>.</summary>
    public static async Task InAssessmentRoutedToAsync(this HttpClient staff, Guid request, params Guid[] targets)
    {
        await staff.StepAsync($"/api/collaborations/{request}/screening");
        await staff.StepAsync($"/api/collaborations/{request}/accept", new { });
        foreach (var target in targets)
        {
            await staff.StepAsync($"/api/collaborations/{request}/routings", new { targetId = target, reason = "Focus on AML" });
        }
    }

    public static async Task StepAsync(this HttpClient client, string url, object? body = null)
    {
        var response = body is null ? await client.PostAsync(url, null) : await client.SendJsonAsync(HttpMethod.Post, url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every notification the client has (all pages), newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> NotificationsAsync(this HttpClient client, bool unread = false)
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var response = await client.GetAsync($"/api/me/notifications?page={page}&pageSize=200{(unread ? "&unread=true" : "")}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await response.ReadAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items);
            if (items.Count < 200)
            {
                return all;
            }
        }
    }

    /// <summary>The client's notifications about one request or meeting.</summary>
    public static async Task<IReadOnlyList<JsonElement>> AboutAsync(this HttpClient client, Guid subject, bool unread = false) =>
        [.. (await client.NotificationsAsync(unread)).Where(n => n.GetProperty("subjectId").GetGuid() == subject)];

    public static string Kind(this JsonElement notification) => notification.GetProperty("kind").GetString()!;

    public static JsonElement OneOf(this IEnumerable<JsonElement> notifications, string kind) => Assert.Single(notifications, n => n.Kind() == kind);
}
