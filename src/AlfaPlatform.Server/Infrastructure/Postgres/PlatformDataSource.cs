using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Postgres;

/// <summary>The platform's one connection pool to PostgreSQL, which Marten and the platform's own SQL share.</summary>
public static class PlatformDataSource
{
    /// <summary>
    /// Statements each connection keeps prepared (<c>Postgres:MaxAutoPrepare</c>, unless the connection string sets
    /// <c>Max Auto Prepare</c>). The platform sends the same few dozen statements over and over (an event's row, a
    /// record's upsert, a projection's load); unprepared, PostgreSQL parses and plans each one every time, which on a
    /// projection rebuild cost more than running it. Npgsql prepares a statement once a connection has sent it five
    /// times, and keeps it across the pool's reuse of the connection. 0 turns preparation off.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    public static NpgsqlDataSource Build(string connectionString, IConfiguration configuration)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = "alfa" };
        if (!SetsMaxAutoPrepare(connectionString))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = configuration.GetValue("Postgres:MaxAutoPrepare", DefaultMaxAutoPrepare);
        }

        return builder.Build();
    }

    /// <summary>Whether the connection string names the setting itself (Npgsql's builder answers every keyword it knows).</summary>
    private static bool SetsMaxAutoPrepare(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(nameof(NpgsqlConnectionStringBuilder.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase));
}
