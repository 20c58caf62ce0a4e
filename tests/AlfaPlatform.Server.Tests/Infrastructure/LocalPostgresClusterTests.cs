using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The run command's own database: provisioned from the machine's binaries, kept across restarts.</summary>
public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task a_provisioned_cluster_keeps_its_data_across_a_stop_and_a_start()
    {
        var binaries = LocalPostgresCluster.FindBinaries();
        Assert.True(binaries is not null, "These tests run where PostgreSQL server binaries are installed (see README).");
        var folder = ThrowawayClusters.NewFolder();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Postgres:LocalClusterPath"] = folder })
            .Build();

        var first = await PostgresProvisioning.ResolveAsync(configuration);
        await ExecuteAsync(first.ConnectionString, "create table kept (value text); insert into kept values ('still here')");
        await first.LocalCluster!.StopAsync();
        var second = await PostgresProvisioning.ResolveAsync(configuration);
        try
        {
            Assert.Equal(first.LocalCluster.Port, second.LocalCluster!.Port);
            Assert.Contains("127.0.0.1", second.Description, StringComparison.Ordinal);
            Assert.Equal("still here", await ExecuteAsync(second.ConnectionString, "select value from kept"));

            // Already running: reused as it is, not started twice.
            var third = await PostgresProvisioning.ResolveAsync(configuration);
            Assert.Equal(second.LocalCluster.Port, third.LocalCluster!.Port);
        }
        finally
        {
            ThrowawayClusters.Remove(second.LocalCluster!);
        }
    }

    [Fact]
    public async Task a_configured_connection_string_always_wins()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = "Host=db.example;Database=alfa" })
            .Build();

        var source = await PostgresProvisioning.ResolveAsync(configuration);

        Assert.Equal("Host=db.example;Database=alfa", source.ConnectionString);
        Assert.Null(source.LocalCluster);
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        // Unpooled: a pooled connection would outlive the server restart in between.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
