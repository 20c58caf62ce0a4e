namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>
/// <c>dotnet AlfaPlatform.Server.dll health [live|ready]</c>: asks the platform running in this container whether it is
/// ready (or alive) and exits 0 if so, 1 if not. The container's own health check: the runtime image has no curl or
/// wget, and needs none.
/// </summary>
public static class HealthCommand
{
    public static bool Matches(string[] args) => args is ["health", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var probe = args is [_, "live", ..] ? "live" : "ready";
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/{probe}"));
            return answer.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1; // not listening (yet)
        }
    }
}
