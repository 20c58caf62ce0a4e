using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public sealed class OperabilityTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task health_endpoints_answer_200_when_postgres_and_the_silo_are_up(string url)
    {
        var response = await platform.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_openapi_document_describes_the_organisation_routes()
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/organisations", out _));
        Assert.True(paths.TryGetProperty("/api/organisations/{id}/history", out _));
        // Each operation's body is its own schema, not one "Command" shared by all.
        Assert.Equal("#/components/schemas/RegisterCommand", BodySchema(paths, "/api/organisations", "post"));
        Assert.Equal("#/components/schemas/UpdateProfileCommand", BodySchema(paths, "/api/organisations/{id}/profile", "put"));
        var responses = paths.GetProperty("/api/organisations/{id}/profile").GetProperty("put").GetProperty("responses");
        Assert.All(new[] { "200", "400", "404", "409", "412" }, status => Assert.True(responses.TryGetProperty(status, out _), status));
        // Clients (and the reference page) learn how to authenticate.
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        // Choices are documented by name, as they are bound.
        var kinds = document.GetProperty("components").GetProperty("schemas").GetProperty("OrganisationKind").GetProperty("enum");
        Assert.Contains("CooperativeGroup", kinds.EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task every_operation_has_its_own_operation_id_derived_from_its_route()
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(method => method.Value.ValueKind == JsonValueKind.Object && method.Value.TryGetProperty("responses", out _))
                .Select(method => (Route: $"{method.Name} {path.Name}", Id: method.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null)))
            .ToList();

        Assert.True(operations.Count > 100, $"{operations.Count} operations");
        Assert.Empty(operations.Where(o => string.IsNullOrEmpty(o.Id)).Select(o => o.Route));
        Assert.Empty(operations.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Contains(("post /api/teams/{id}/members/import", "postTeamsByIdMembersImport"), operations.Select(o => (o.Route, o.Id)));
        Assert.Contains(("get /api/teams/{id}/members/imports/{jobId}", "getTeamsByIdMembersImportsByJobId"), operations.Select(o => (o.Route, o.Id)));
        Assert.Contains(("get /api/meetings/{id}.ics", "getMeetingsByIdIcs"), operations.Select(o => (o.Route, o.Id)));
    }

    [Fact]
    public async Task accounts_and_api_clients_are_documented_as_created_with_the_secret_they_answer()
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        foreach (var (path, secret) in new[] { ("/api/accounts", "oneTimePassword"), ("/api/api-clients", "clientSecret") })
        {
            var responses = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses");
            Assert.False(responses.TryGetProperty("200", out _), path);
            var schema = responses.GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
            var created = document.GetProperty("components").GetProperty("schemas").GetProperty(schema.Split('/')[^1]);
            Assert.True(created.GetProperty("properties").TryGetProperty(secret, out _), $"{path}: {schema}");
        }
    }

    [Fact]
    public async Task the_problem_schemas_carry_the_code_a_client_branches_on()
    {
        var document = await (await platform.Client.GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var problems = schemas.EnumerateObject().Where(s => s.Name is "ProblemDetails" or "HttpValidationProblemDetails").ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, problem => Assert.True(problem.Value.GetProperty("properties").TryGetProperty("code", out _), problem.Name));
    }

    private static string? BodySchema(JsonElement paths, string path, string method) =>
        paths.GetProperty(path).GetProperty(method).GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

    [Fact]
    public async Task every_response_names_its_correlation_id()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/organisations");
        request.Headers.Add("X-Correlation-Id", "my-request-1");

        var refused = new HttpRequestMessage(HttpMethod.Post, "/api/organisations") { Content = new StringContent("{bad", System.Text.Encoding.UTF8, "application/json") };
        refused.Headers.Add("X-Correlation-Id", "my-request-2");

        var response = await platform.Client.SendAsync(request);
        var error = await platform.Client.SendAsync(refused);
        var generated = await platform.Client.GetAsync("/api/organisations");

        Assert.Equal("my-request-1", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("my-request-2", error.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Correlation-Id").Single());
    }
}
