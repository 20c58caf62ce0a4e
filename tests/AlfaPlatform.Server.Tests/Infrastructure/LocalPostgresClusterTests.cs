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
        if (LocalPostgresCluster.FindBinaries() is null)
        {
            return; // a machine with Docker only: the run command's provisioning cannot work there either
        }

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

            // Already running: reused as it is, not started twice, and not this process's to stop.
            var third = await PostgresProvisioning.ResolveAsync(configuration);
            Assert.Equal(second.LocalCluster.Port, third.LocalCluster!.Port);
            Assert.True(second.LocalCluster.StartedHere);
            Assert.False(third.LocalCluster.StartedHere);
        }
        finally
        {
            ThrowawayClusters.Remove(folder);
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
