using Microsoft.AspNetCore.Builder;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// For tests that need platforms of their own (several processes, restarts, special settings) over a database of
/// their own: started apps are stopped, last started first, and the database dropped when the test ends.
/// </summary>
public abstract class OwnDatabaseTests : IAsyncLifetime
{
    private readonly List<WebApplication> _running = [];

    protected string Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestPostgres.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_running))
        {
            await StopAsync(app);
        }

        await TestPostgres.DropDatabaseAsync(Database);
    }

    protected async Task<WebApplication> StartAsync(
        bool seed = false, Dictionary<string, string?>? settings = null, string? environment = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = await PlatformFixture.StartPlatformAsync(Database, seed, settings, environment: environment, configure: configure);
        _running.Add(app);
        return app;
    }

    protected async Task StopAsync(WebApplication app)
    {
        if (_running.Remove(app))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
