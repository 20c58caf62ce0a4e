namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>Where the platform's database is, and the local cluster to stop on shutdown when we started one.</summary>
public sealed record PostgresSource(string ConnectionString, string Description, LocalPostgresCluster? LocalCluster);

public static class PostgresProvisioning
{
    public const string ConnectionStringName = "Postgres";
    private const string DatabaseName = "alfa";

    /// <summary>
    /// A configured connection string always wins. Without one, a cluster is provisioned from the machine's
    /// PostgreSQL binaries in the checkout's ignored .local/postgres folder, kept across restarts.
    /// </summary>
    public static async Task<PostgresSource> ResolveAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        if (configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured)
        {
            return new PostgresSource(configured, "the configured ConnectionStrings:Postgres", null);
        }

        var binaries = LocalPostgresCluster.FindBinaries() ?? throw new PostgresUnavailableException(
            "No PostgreSQL is configured and no PostgreSQL server binaries were found on this machine. Either install them " +
            "(Debian/Ubuntu: `apt-get install postgresql`; or set ALFA_POSTGRES_BIN to the folder holding initdb and pg_ctl), " +
            "or point the platform at a server: ConnectionStrings__Postgres=\"Host=...;Username=...;Password=...;Database=alfa\" " +
            "(with Docker: `docker compose up` runs one for you).");

        var folder = configuration["Postgres:LocalClusterPath"] is { Length: > 0 } path ? path : Hosting.LocalFolders.Under("postgres");
        var cluster = await LocalPostgresCluster.StartAsync(binaries, folder, cancellationToken);
        await cluster.EnsureDatabaseAsync(DatabaseName, cancellationToken);
        return new PostgresSource(
            cluster.ConnectionString(DatabaseName),
            $"the local cluster in {cluster.Root} on 127.0.0.1:{cluster.Port} (database {DatabaseName})",
            cluster);
    }
}
