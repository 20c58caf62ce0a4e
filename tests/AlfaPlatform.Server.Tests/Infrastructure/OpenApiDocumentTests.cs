using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>What a client generated from /openapi/v1.json relies on: answers, statuses, headers, schemas, security.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiDocumentTests(PlatformFixture platform)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task every_success_answer_with_a_body_has_a_schema()
    {
        var document = await DocumentAsync();

        var untyped = Operations(document)
            .SelectMany(o => o.Operation.GetProperty("responses").EnumerateObject()
                .Where(r => r.Name.StartsWith('2') && r.Name != "204")
                .Where(r => !r.Value.TryGetProperty("content", out var content)
                            || content.EnumerateObject().Any(media => !media.Value.TryGetProperty("schema", out _)))
                .Select(r => $"{o.Route} {r.Name}"))
            .ToList();

        Assert.Empty(untyped);
        Assert.Equal("string", Response(document, "get", "/api/meetings/{id}.ics", "200").GetProperty("content").GetProperty("text/calendar").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("string", Response(document, "get", "/api/teams/{id}/members.csv", "200").GetProperty("content").GetProperty("text/csv").GetProperty("schema").GetProperty("type").GetString());
    }

    [Fact]
    public async Task every_operation_documents_the_statuses_the_pipeline_can_answer()
    {
        var document = await DocumentAsync();

        foreach (var (route, method, operation) in Operations(document))
        {
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
            Assert.True(statuses.IsSupersetOf(["429", "503"]), $"{route}: {string.Join(',', statuses)}");
            if (!operation.TryGetProperty("security", out var security) || security.GetArrayLength() > 0)
            {
                Assert.True(statuses.IsSupersetOf(["401", "403"]), $"{route}: {string.Join(',', statuses)}");
            }

            if (method != "get")
            {
                Assert.True(statuses.IsSupersetOf(["409", "422"]), $"{route}: {string.Join(',', statuses)}");
                Assert.Contains(IdempotencyKey, HeaderParameters(document, operation));
            }

            Assert.Equal(statuses.Contains("412"), HeaderParameters(document, operation).Contains("If-Match"));
            Assert.Contains("X-Correlation-Id", HeaderParameters(document, operation));
            foreach (var (name, response) in operation.GetProperty("responses").EnumerateObject().Select(r => (r.Name, Resolve(document, r.Value))))
            {
                var headers = Headers(response);
                Assert.Contains("X-Correlation-Id", headers);
                if (name is "201" or "202")
                {
                    Assert.Contains("Location", headers);
                }

                if (name is "429" or "503" or "202")
                {
                    Assert.Contains("Retry-After", headers);
                }

                if (!name.StartsWith('2'))
                {
                    var problem = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
                    Assert.True(problem is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails", $"{route} {name}: {problem}");
                }
            }
        }

        // Changes that honour If-Match, with and without a body; a read of a record and a change send its ETag.
        Assert.Contains("If-Match", HeaderParameters(document, Operation(document, "put", "/api/teams/{id}/name")));
        Assert.Contains("If-Match", HeaderParameters(document, Operation(document, "post", "/api/meetings/{id}/publish")));
        Assert.Contains("If-Match", HeaderParameters(document, Operation(document, "post", "/api/meetings/{id}/registrations/{registrantId}/check-in")));
        Assert.DoesNotContain("If-Match", HeaderParameters(document, Operation(document, "post", "/api/accounts/{id}/deactivate")));
        Assert.DoesNotContain("If-Match", HeaderParameters(document, Operation(document, "post", "/api/teams"))); // a creation expects no version
        Assert.DoesNotContain("If-Match", HeaderParameters(document, Operation(document, "post", "/api/collaborations/{id}/messages")));
        Assert.Contains("ETag", Headers(Response(document, "post", "/api/teams", "201")));
        Assert.Contains("ETag", Headers(Response(document, "get", "/api/teams/{id}", "200")));
        Assert.Contains("ETag", Headers(Response(document, "put", "/api/teams/{id}/name", "200")));
        Assert.Contains("Retry-After", Headers(Response(document, "post", "/api/teams/{id}/members/import", "202")));
        // What anyone may call asks for no token and cannot be refused one.
        var anonymous = Operation(document, "get", "/api/meetings");
        Assert.Equal(0, anonymous.GetProperty("security").GetArrayLength());
        Assert.False(anonymous.GetProperty("responses").TryGetProperty("401", out _));
    }

    [Fact]
    public async Task validation_problems_carry_errors_and_every_problem_its_code()
    {
        var document = await DocumentAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var validation = schemas.GetProperty("HttpValidationProblemDetails").GetProperty("properties");
        Assert.Equal("array", validation.GetProperty("errors").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.True(validation.TryGetProperty("code", out _));
        Assert.True(schemas.GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task each_dashboard_answers_with_its_own_figures_schema()
    {
        var document = await DocumentAsync();
        string[] dashboards = ["network", "membership", "pipeline", "value", "experience", "meetings", "activity"];

        var figures = dashboards.Select(dashboard =>
        {
            var answer = Response(document, "get", $"/api/dashboards/{dashboard}", "200").GetProperty("content").GetProperty("application/json")
                .GetProperty("schema").GetProperty("$ref").GetString()!;
            var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(answer.Split('/')[^1]);
            return schema.GetProperty("properties").GetProperty("figures").GetRawText();
        }).ToList();

        Assert.Equal(dashboards.Length, figures.Distinct().Count());
        Assert.Contains("MembershipDashboardFigures", figures[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task meeting_times_are_local_date_time_strings_without_an_offset()
    {
        var document = await DocumentAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("CreateMeetingOperationCommand", "start"), ("CreateMeetingOperationCommand", "end"), ("RescheduleMeetingOperationCommand", "start"), ("MeetingResponse", "end") })
        {
            var time = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);
            Assert.False(time.TryGetProperty("format", out _), $"{schema}.{property}: {time}");
            Assert.Contains("string", time.GetProperty("type").ToString(), StringComparison.Ordinal);
            var pattern = new Regex(time.GetProperty("pattern").GetString()!);
            // What the pattern allows, the API's JSON reads as a local time (DateTimeKind.Unspecified, which it accepts).
            foreach (var local in new[] { "2025-11-19T09:00", "2025-11-19T09:00:30", "2025-11-19T09:00:30.5" })
            {
                Assert.Matches(pattern, local);
                Assert.Equal(DateTimeKind.Unspecified, JsonSerializer.Deserialize<DateTime>($"\"{local}\"").Kind);
            }

            Assert.DoesNotMatch(pattern, "2025-11-19T09:00:00Z");
            Assert.DoesNotMatch(pattern, "2025-11-19T09:00:00+01:00");
        }
    }

    [Fact]
    public async Task the_oauth2_scheme_names_the_token_endpoint_and_guards_what_needs_a_token()
    {
        var document = await DocumentAsync();

        var oauth = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("OAuth2");
        Assert.Equal("oauth2", oauth.GetProperty("type").GetString());
        foreach (var flow in new[] { "password", "clientCredentials" })
        {
            Assert.Equal("/connect/token", oauth.GetProperty("flows").GetProperty(flow).GetProperty("tokenUrl").GetString());
        }

        // The document's default: every operation but those anyone may call (which say "security": []).
        Assert.False(Operation(document, "get", "/api/teams").TryGetProperty("security", out _));
        Assert.Contains(document.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("OAuth2", out _));
    }

    private const string IdempotencyKey = "Idempotency-Key";

    private async Task<JsonElement> DocumentAsync() => await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

    private static IEnumerable<(string Route, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(method => Methods.Contains(method.Name))
            .Select(method => ($"{method.Name} {path.Name}", method.Name, method.Value)));

    private static JsonElement Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Response(JsonElement document, string method, string path, string status) =>
        Resolve(document, Operation(document, method, path).GetProperty("responses").GetProperty(status));

    private static List<string> HeaderParameters(JsonElement document, JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? [.. parameters.EnumerateArray().Select(p => Resolve(document, p)).Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()!)]
            : [];

    /// <summary>The shared answer or parameter a "$ref": "#/components/…" names, or the element itself.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement element) =>
        element.TryGetProperty("$ref", out var reference)
            ? reference.GetString()!.TrimStart('#', '/').Split('/').Aggregate(document, (at, name) => at.GetProperty(name))
            : element;

    private static List<string> Headers(JsonElement response) =>
        response.TryGetProperty("headers", out var headers) ? [.. headers.EnumerateObject().Select(h => h.Name)] : [];
}
