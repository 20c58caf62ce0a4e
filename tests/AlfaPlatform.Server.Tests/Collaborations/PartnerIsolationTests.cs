using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// A partner learns nothing of another partner's requests: not by listing (any state, any date), by id, history,
/// messages, access log, confidential details, inboxes or suggestions, nor by trying any change. Every route that
/// names one of them answers exactly as it does for a request that does not exist, and nothing is appended.
/// (Notifications are not built yet: when they are, they belong here too.)
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerIsolationTests(PlatformFixture platform)
{
    [Fact]
    public async Task a_partner_sees_and_touches_nothing_of_another_partners_requests_whatever_the_route()
    {
        var staff = platform.Client;
        var victimCompany = await staff.RegisterOrganisationAsync(kind: "PartnerCompany");
        using var victim = await platform.SignInAsAsync(["partner"], victimCompany.Id);
        using var other = await platform.SignInAsPartnerOfANewCompanyAsync();
        var teamA = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync()).Id, "Team A");
        var teamC = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync()).Id, "Team C");
        var journey = new RequestJourney(staff, victim, teamA, teamC);

        // The other company's requests, in states where their partner could take each of its own steps, with a
        // conversation and logged reads of their confidential details.
        var theirs = new List<Guid>();
        foreach (var state in new[] { RequestState.Draft, RequestState.Shortlisted, RequestState.Completed })
        {
            var request = await journey.InStateAsync(state);
            theirs.Add(request);
            await staff.PostAsync($"{Requests}/{request}/confidential", null).ExpectAsync(HttpStatusCode.OK);
        }

        await victim.PostAsync($"{Requests}/{theirs[1]}/messages", new { text = "Our budget is firm." }).ExpectAsync(HttpStatusCode.OK);
        var ownId = await new RequestJourney(staff, other, teamA, teamC).DraftAsync(new { title = "Our own request", summary = "CAR-T manufacturing", confidentialDetails = "Our own secret" });
        var before = await platform.CountEventsAsync();
        var bodies = new List<string>();

        // Lists: only its own request, live, by state, as of today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (string Query, bool Own)[] lists =
        [
            ("", true), ("?state=Draft", true), ("?state=Shortlisted", false), ("?state=Completed", false), ("?overdue=false", true),
            ("?pageSize=200", true), ($"?asOf={today}", true), ($"?asOf={today}&state=Completed", false),
        ];
        foreach (var (query, own) in lists)
        {
            var response = await other.GetAsync(Requests + query).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(own ? [ownId] : [], (await response.ReadAsync<JsonElement>()).Ids());
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        // Every route naming one of their requests: answered as for a request that does not exist.
        var unknown = Guid.NewGuid();
        var wrong = new List<string>();
        foreach (var (route, template, body, _) in CollaborationAuthorizationTests.Matrix(unknown, teamA, teamC).Where(r => r.Route != "GET /" && r.Route != "POST /"))
        {
            var method = new HttpMethod(route.Split(' ')[0]);
            var (expectedStatus, expectedCode, _) = await SendAsync(other, method, template, body);
            if (expectedStatus is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
            {
                wrong.Add($"{route} on an unknown request: {(int)expectedStatus}");
            }

            foreach (var request in theirs)
            {
                var (status, code, text) = await SendAsync(other, method, template.Replace(unknown.ToString(), request.ToString(), StringComparison.Ordinal), body);
                bodies.Add(text);
                if (status != expectedStatus || code != expectedCode)
                {
                    wrong.Add($"{route} on theirs: {(int)status} {code}, but {(int)expectedStatus} {expectedCode} on an unknown request");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before, await platform.CountEventsAsync());
        foreach (var secret in theirs.Select(t => t.ToString()).Append(victimCompany.Id.ToString()).Append(RequestJourney.ConfidentialDetails))
        {
            Assert.DoesNotContain(bodies, b => b.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        // Their access logs hold staff's reads only: the other partner's attempts opened nothing.
        foreach (var request in theirs)
        {
            var log = await victim.GetAsync($"{Requests}/{request}/access-log").OkJsonAsync();
            Assert.Equal(["staff"], log.EnumerateArray().Select(r => r.GetProperty("role").GetString()));
        }
    }

    private static async Task<(HttpStatusCode Status, string? Code, string Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body)
    {
        var response = await client.SendBodyAsync(method, Requests + url, body);
        var text = await response.Content.ReadAsStringAsync();
        var code = text.StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        return (response.StatusCode, code, text);
    }
}
