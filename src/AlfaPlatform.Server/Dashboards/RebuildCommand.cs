using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// <c>dotnet run --project src/AlfaPlatform.Server -- rebuild [projection|all] [--url http://localhost:5080]</c>:
/// asks the running platform to rebuild dashboard projections (<c>POST /api/dashboards/rebuild</c>, as staff, with
/// the bearer token in <c>ALFA_TOKEN</c>) and waits until they are done. The platform keeps serving meanwhile.
/// </summary>
public static class RebuildCommand
{
    public static bool Matches(string[] args) => args is ["rebuild", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var projection = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        var urlAt = Array.IndexOf(args, "--url");
        var url = urlAt >= 0 && urlAt + 1 < args.Length ? args[urlAt + 1] : "http://localhost:5080";
        if (Environment.GetEnvironmentVariable("ALFA_TOKEN") is not { Length: > 0 } token)
        {
            await Console.Error.WriteLineAsync("Set ALFA_TOKEN to a staff bearer token (see README: Sign in).");
            return 2;
        }

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await client.PostAsJsonAsync("/api/dashboards/rebuild", new RebuildRequest(projection));
        if (!started.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"Refused ({(int)started.StatusCode}): {await started.Content.ReadAsStringAsync()}");
            return 1;
        }

        var projections = (await started.Content.ReadFromJsonAsync<RebuildAnswer>(JsonSerializerOptions.Web))!.Projections;
        Console.WriteLine($"Rebuilding {string.Join(", ", projections)}…");
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var rebuilds = (await client.GetFromJsonAsync<ProjectionRebuild[]>("/api/dashboards/rebuilds", JsonSerializerOptions.Web))!
                .Where(r => projections.Contains(r.Id)).ToList();
            if (rebuilds.All(r => !r.Running))
            {
                foreach (var r in rebuilds)
                {
                    Console.WriteLine($"{r.Id}: {(r.Failure is null ? "rebuilt" : $"failed: {r.Failure}")} in {(r.FinishedAt!.Value - r.StartedAt).TotalSeconds:0.0} s");
                }

                return rebuilds.Any(r => r.Failure is not null) ? 1 : 0;
            }
        }
    }
}
