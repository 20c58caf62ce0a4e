using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Postgres;

if (HealthCommand.Matches(args))
{
    return await HealthCommand.RunAsync(args);
}

if (RebuildCommand.Matches(args))
{
    return await RebuildCommand.RunAsync(args);
}

try
{
    await using var app = await PlatformApp.CreateAsync(args);
    await app.RunAsync();
}
catch (PostgresUnavailableException e)
{
    await Console.Error.WriteLineAsync($"AlfaPlatform cannot start: {e.Message}");
    Environment.ExitCode = 2;
}

return Environment.ExitCode;
