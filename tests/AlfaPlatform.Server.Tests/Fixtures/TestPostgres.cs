using AlfaPlatform.Server.Infrastructure.Postgres;
using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// The database server for this test run, found in order: a configured one (ALFA_TEST_POSTGRES, a connection string
/// to a server where databases may be created), a throwaway cluster from this machine's PostgreSQL binaries, or a
/// Testcontainers container where Docker runs. Each fixture gets its own database on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Shared = new(StartAsync);

    /// <summary>The server's superuser connection string (to its postgres database): where databases may be created.</summary>
    public static Task<string> ServerConnectionStringAsync() => Shared.Value;

    public static async Task<string> CreateDatabaseAsync() => await ThrowawayDatabases.CreateAsync(await Shared.Value, "alfa_test");

    public static async Task DropDatabaseAsync(string connectionString) => await ThrowawayDatabases.DropAsync(await Shared.Value, connectionString);

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("ALFA_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        if (await ThrowawayDatabases.StartLocalServerAsync() is { } local)
        {
            return local;
        }

        try
        {
            var container = new PostgreSqlBuilder("postgres:15").Build();
            await container.StartAsync(); // Testcontainers' reaper removes it when the run ends
            return container.GetConnectionString();
        }
        catch (DockerUnavailableException e)
        {
            throw new InvalidOperationException(
                "The integration tests need PostgreSQL: set ALFA_TEST_POSTGRES, install PostgreSQL server binaries " +
                "(apt-get install postgresql), or run Docker.", e);
        }
    }
}
