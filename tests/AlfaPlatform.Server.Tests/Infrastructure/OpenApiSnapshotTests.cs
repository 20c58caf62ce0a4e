using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// docs/openapi/v1.json is the document integrators read and the generated-client tests (AlfaPlatform.Client.Tests)
/// build their Kiota client from: it must be what the host serves (property order aside). After a change to the API, refresh it with
/// <c>ALFA_UPDATE_OPENAPI=1 bash scripts/test.sh --filter "FullyQualifiedName~OpenApiSnapshotTests"</c> and commit it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiSnapshotTests(PlatformFixture platform)
{
    public const string UpdateVariable = "ALFA_UPDATE_OPENAPI";

    [Fact]
    public async Task the_committed_openapi_document_is_the_one_the_host_serves()
    {
        var live = Normalise(JsonNode.Parse(await platform.Client.GetStringAsync("/openapi/v1.json"))!);
        var path = SnapshotPath();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, Serialise(live));
        }

        Assert.True(File.Exists(path), $"{path} is missing. {HowToRefresh}");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        if (!JsonNode.DeepEquals(live, committed))
        {
            Assert.Fail($"docs/openapi/v1.json is not what the host serves (first difference at {FirstDifference(live, committed, "$")}). {HowToRefresh}");
        }
    }

    private const string HowToRefresh =
        $"Refresh it with {UpdateVariable}=1 bash scripts/test.sh --filter \"FullyQualifiedName~OpenApiSnapshotTests\", " +
        "review the diff and commit it (the generated-client tests rebuild their client from it).";

    /// <summary>
    /// The document without what depends on where the host listens: the generator writes the address it was served
    /// from into "servers", and a test host's loopback port changes every run. A client is given its address instead.
    /// </summary>
    private static JsonNode Normalise(JsonNode document)
    {
        document.AsObject().Remove("servers");
        return document;
    }

    /// <summary>Indented, and with apostrophes, "+" and "…" as themselves: a file people read and diff.</summary>
    private static string Serialise(JsonNode document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    private static string SnapshotPath()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "AlfaPlatform.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("No AlfaPlatform.sln above the test output."), "docs", "openapi", "v1.json");
    }

    /// <summary>The JSON path of the first place the two documents differ, so a failure says where to look.</summary>
    private static string FirstDifference(JsonNode? live, JsonNode? committed, string at)
    {
        switch (live, committed)
        {
            case (JsonObject a, JsonObject b):
                foreach (var name in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                {
                    if (!a.ContainsKey(name) || !b.ContainsKey(name))
                    {
                        return $"{at}.{name} ({(a.ContainsKey(name) ? "only served" : "only committed")})";
                    }

                    if (!JsonNode.DeepEquals(a[name], b[name]))
                    {
                        return FirstDifference(a[name], b[name], $"{at}.{name}");
                    }
                }

                return at;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    if (!JsonNode.DeepEquals(a[i], b[i]))
                    {
                        return FirstDifference(a[i], b[i], $"{at}[{i}]");
                    }
                }

                return at;
            default:
                return at;
        }
    }
}
