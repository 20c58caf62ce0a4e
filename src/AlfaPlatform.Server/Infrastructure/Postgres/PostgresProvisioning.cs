namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>Where the platform's database is, and the local cluster to stop on shutdown when we started one.</summary>
public sealed record PostgresSource(string ConnectionString, string Description, LocalPostgresCluster? LocalCluster);

public static class PostgresProvisioning
{
    public const string ConnectionStringName = "Postgres";
    private const string DatabaseName = "alfa";
    public const string PasswordFileName = "postgres-password.txt";

    /// <summary>
    /// A configured connection string always wins. Without one, a cluster is provisioned from the machine's
    /// PostgreSQL binaries in the checkout's ignored .local/postgres folder (or, as root when the postgres user cannot
    /// reach it, in a folder of its own under /var/lib/alfa-platform), kept across restarts; its password is kept with
    /// the authority's keys.
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

        var folder = Path.GetFullPath(configuration["Postgres:LocalClusterPath"] is { Length: > 0 } path ? path : Hosting.LocalFolders.Under("postgres"));
        var keys = configuration["Authentication:KeysPath"] is { Length: > 0 } keysPath ? keysPath : Hosting.LocalFolders.Under("keys");
        var cluster = await LocalPostgresCluster.StartAsync(binaries, folder, Path.Combine(keys, PasswordFileName), cancellationToken);
        await cluster.EnsureDatabaseAsync(DatabaseName, cancellationToken);
        var where = cluster.Root == folder
            ? cluster.Root
            : $"{cluster.Root} (in place of {folder}, which the postgres user cannot reach)";
        return new PostgresSource(
            cluster.ConnectionString(DatabaseName),
            $"the local cluster in {where} on 127.0.0.1:{cluster.Port} (database {DatabaseName})",
            cluster);
    }
}
