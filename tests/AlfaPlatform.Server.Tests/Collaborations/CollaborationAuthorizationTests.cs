using System.Net;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// Every /api/collaborations route, called by every kind of caller who is not party to a completed request: staff,
/// a member whose team was never routed to it, a viewer, a partner of another company, and nobody. Bodies are valid,
/// so what answers is the caller's standing: 401 (no token), 403 (a role that may not do this, whatever the request),
/// 404 (a request the caller may not know of) — or, for staff, the request's own rules (a completed request takes
/// no more steps: 409).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class CollaborationAuthorizationTests(PlatformFixture platform)
{
    private static readonly string[] Callers = ["staff", "member", "viewer", "other partner", "anonymous"];

    private static readonly object Agreement = new { kind = "Service", parties = new[] { "Partner", "OPALE" }, valueEuros = 1_000, signedOn = RequestJourney.SignedOn };

    /// <summary>Route, URL, body, and what each caller (in <see cref="Callers"/>' order) is answered.</summary>
    internal static (string Route, string Url, object? Body, string Expected)[] Matrix(Guid id, Guid teamA, Guid teamC) =>
    [
        ("GET /", "", null, "200 200 403 200 401"),
        ("GET /inbox", "/inbox", null, "200 200 403 403 401"),
        ("GET /inbox/{targetId}", $"/inbox/{teamA}", null, "200 404 403 403 401"),
        ("GET /inbox/{targetId}", $"/inbox/{teamC}", null, "200 200 403 403 401"),
        ("GET /{id}", $"/{id}", null, "200 404 403 404 401"),
        ("GET /{id}/history", $"/{id}/history", null, "200 403 403 404 401"),
        ("POST /{id}/confidential", $"/{id}/confidential", null, "200 404 403 404 401"),
        ("GET /{id}/access-log", $"/{id}/access-log", null, "200 403 403 404 401"),
        ("GET /{id}/suggestions", $"/{id}/suggestions", null, "200 403 403 403 401"),
        ("GET /{id}/messages", $"/{id}/messages", null, "200 404 403 404 401"),
        ("POST /{id}/messages", $"/{id}/messages", new { text = "Hello?" }, "409 404 403 404 401"),
        ("GET /{id}/documents", $"/{id}/documents", null, "200 404 403 404 401"),
        ("GET /{id}/documents/{documentId}", $"/{id}/documents/{Guid.Empty}", null, "404 404 403 404 401"),
        ("POST /{id}/documents", $"/{id}/documents", (Func<HttpContent>)(() => SampleDocuments.Form("protocol.pdf", SampleDocuments.Pdf(), "application/pdf")), "409 403 403 404 401"),
        ("DELETE /{id}/documents/{documentId}", $"/{id}/documents/{Guid.Empty}", null, "409 403 403 404 401"),
        ("POST /", "", RequestJourney.Details("Drafted by whoever may"), "403 403 403 201 401"),
        ("PUT /{id}/draft", $"/{id}/draft", RequestJourney.Details("Rewritten"), "403 403 403 404 401"),
        ("POST /{id}/submit", $"/{id}/submit", null, "403 403 403 404 401"),
        ("POST /{id}/withdraw", $"/{id}/withdraw", new { reason = "Not ours" }, "403 403 403 404 401"),
        ("POST /{id}/select", $"/{id}/select", new { targetId = teamA }, "403 403 403 404 401"),
        ("POST /{id}/satisfaction", $"/{id}/satisfaction", new { score = 1 }, "403 403 403 404 401"),
        ("POST /{id}/screening", $"/{id}/screening", null, "409 403 403 403 401"),
        ("POST /{id}/accept", $"/{id}/accept", new { note = "fits" }, "409 403 403 403 401"),
        ("POST /{id}/decline", $"/{id}/decline", new { reason = "OutOfScope", message = "No" }, "409 403 403 403 401"),
        ("POST /{id}/routings", $"/{id}/routings", new { targetId = teamC, reason = "try them" }, "409 403 403 403 401"),
        ("POST /{id}/routings/{targetId}/answer", $"/{id}/routings/{teamA}/answer", new { interested = true, approach = "ours" }, "409 404 403 403 401"),
        ("POST /{id}/shortlist", $"/{id}/shortlist", new { targetIds = new[] { teamA } }, "409 403 403 403 401"),
        ("POST /{id}/agreements", $"/{id}/agreements", Agreement, "409 403 403 403 401"),
        ("POST /{id}/activate", $"/{id}/activate", null, "409 403 403 403 401"),
        ("POST /{id}/complete", $"/{id}/complete", new { outcomeNote = "Done again" }, "409 403 403 403 401"),
    ];

    [Fact]
    public async Task every_collaboration_route_answers_each_kind_of_caller_as_it_should()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var teamA = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync()).Id, "Team A");
        var (notRouted, teamC, _) = await platform.SignInAsMemberOfANewTeamAsync("Lead", "CLL");
        using var member = notRouted;
        using var viewer = await platform.SignInAsAsync(["viewer"]);
        using var otherPartner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var id = await new RequestJourney(staff, partner, teamA, Guid.Empty).InStateAsync(Domain.Collaborations.RequestState.Completed);
        var clients = new[] { staff, member, viewer, otherPartner, platform.Anonymous };
        var matrix = Matrix(id, teamA, teamC);
        var before = await platform.CountEventsAsync();

        var wrong = new List<string>();
        foreach (var (route, url, body, expected) in matrix)
        {
            var method = new HttpMethod(route.Split(' ')[0]);
            foreach (var (caller, client, status) in Callers.Zip(clients, expected.Split(' ')))
            {
                var response = await client.SendBodyAsync(method, Requests + url, body);
                if (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) != status)
                {
                    wrong.Add($"{caller} {method} {url}: expected {status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before + 1, await platform.CountEventsAsync()); // the other partner's own draft, nothing else

        // Every route the platform maps under /api/collaborations is in the matrix, and nothing else is.
        var mapped = ((IEndpointRouteBuilder)platform.App).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(Requests, StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {RouteOf(e)}"))
            .ToHashSet();
        Assert.Equal(mapped.Order(), matrix.Select(r => r.Route).Distinct().Order());
    }

    private static string RouteOf(RouteEndpoint endpoint) =>
        Constraint().Replace(endpoint.RoutePattern.RawText![Requests.Length..], "{$1}").TrimEnd('/') is { Length: > 0 } path ? path : "/"; // a group's "" route ends in '/'


    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex Constraint();
}
