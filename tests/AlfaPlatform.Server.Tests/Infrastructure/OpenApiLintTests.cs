using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The live /openapi/v1.json passes Redocly's recommended rules with no error and no warning (tests/openapi-lint:
/// the CLI's version pinned by its package-lock.json, the rules turned off in redocly.yaml with their reasons).
/// The CLI is installed there with npm ci the first time; it needs Node.js 20.19+ and npm.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiLintTests(PlatformFixture platform)
{
    /// <summary>No telemetry, no update notice, no colours in the report.</summary>
    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1",
    };

    [Fact]
    public async Task the_openapi_document_passes_redocly_recommended_rules_without_a_warning()
    {
        var document = await platform.Client.GetStringAsync("/openapi/v1.json");

        var lint = await LintAsync(document);

        Assert.True(lint.Errors == 0 && lint.Warnings == 0, $"{lint.Errors} errors, {lint.Warnings} warnings:\n{lint.Problems}");
    }

    [Fact]
    public async Task the_lint_finds_a_problem_planted_in_the_document()
    {
        var document = JsonNode.Parse(await platform.Client.GetStringAsync("/openapi/v1.json"))!;
        // Planted: an operation that names no answer but success (operation-4xx-response), a server URL ending in "/".
        var responses = document["paths"]!["/api/teams"]!["get"]!["responses"]!.AsObject();
        foreach (var status in responses.Select(r => r.Key).Where(status => !status.StartsWith('2')).ToList())
        {
            responses.Remove(status);
        }

        document["servers"]![0]!["url"] = "http://localhost/";

        var lint = await LintAsync(document.ToJsonString());

        Assert.True(lint.Errors >= 1 && lint.Warnings >= 1, $"{lint.Errors} errors, {lint.Warnings} warnings:\n{lint.Problems}");
        Assert.Contains("operation-4xx-response", lint.Problems, StringComparison.Ordinal);
        Assert.Contains("no-server-trailing-slash", lint.Problems, StringComparison.Ordinal);
    }

    private static async Task<(int Errors, int Warnings, string Problems)> LintAsync(string document)
    {
        var lintDirectory = await NodePackages.InstalledAsync("openapi-lint", Path.Combine("@redocly", "cli", "bin", "cli.js"));
        var file = Path.Combine(Path.GetTempPath(), $"alfa-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var (exit, output, error) = await NodePackages.RunAsync(lintDirectory, "node",
                [Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", file, "--config", "redocly.yaml", "--format=json"], Quiet);
            var start = output.IndexOf('{', StringComparison.Ordinal);
            Assert.True(start >= 0, $"redocly lint gave no report (exit {exit}): {output}\n{error}");
            using var report = JsonDocument.Parse(output[start..]);
            var totals = report.RootElement.GetProperty("totals");
            var problems = string.Join('\n', report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} "
                             + string.Join(' ', p.GetProperty("location").EnumerateArray().Select(l => l.TryGetProperty("pointer", out var pointer) ? pointer.GetString() : ""))));
            return (totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), problems);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
