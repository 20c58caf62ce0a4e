using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The run command's own database: provisioned from the machine's binaries, kept across restarts.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // PostgreSQL's binaries as a service user, file modes
public sealed class LocalPostgresClusterTests
{
    /// <summary>These tests are about provisioning from the machine's binaries: without them they fail, never pass empty.</summary>
    private static void RequireBinaries() => Assert.True(LocalPostgresCluster.FindBinaries() is not null,
        "PostgreSQL's server binaries are missing: the test command (bash scripts/test.sh) installs them.");

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public async Task a_provisioned_cluster_keeps_its_data_across_a_stop_and_a_start()
    {
        RequireBinaries();

        var folder = ThrowawayClusters.NewFolder();
        var configuration = LocalCluster(folder);

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

    /// <summary>A checkout in root's home (mode 700): the postgres user cannot enter it, as root runs PostgreSQL as that user.</summary>
    [Fact]
    public async Task a_cluster_asked_for_in_a_folder_closed_to_other_users_starts_and_keeps_its_data()
    {
        RequireBinaries();

        var folder = ThrowawayClusters.NewFolder();
        var home = Path.Combine(folder, "home");
        Directory.CreateDirectory(home, OwnerOnly);
        var configuration = LocalCluster(Path.Combine(home, "checkout", ".local", "postgres"), keys: Path.Combine(folder, "keys"));
        string? kept = null;
        try
        {
            var first = await PostgresProvisioning.ResolveAsync(configuration);
            kept = first.LocalCluster!.Root;
            await ExecuteAsync(first.ConnectionString, "create table kept (value text); insert into kept values ('still here')");
            await first.LocalCluster.StopAsync();
            var second = await PostgresProvisioning.ResolveAsync(configuration);

            Assert.Equal(kept, second.LocalCluster!.Root);
            Assert.Equal("still here", await ExecuteAsync(second.ConnectionString, "select value from kept"));
            Assert.Contains(kept, second.Description, StringComparison.Ordinal);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(home)); // nobody opened the closed folder
            if (Environment.IsPrivilegedProcess)
            {
                Assert.StartsWith(LocalPostgresCluster.OutsideFolder, kept, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (kept is not null && kept != folder && Directory.Exists(kept))
            {
                ThrowawayClusters.Remove(kept);
                if (!Directory.EnumerateFileSystemEntries(LocalPostgresCluster.OutsideFolder).Any())
                {
                    Directory.Delete(LocalPostgresCluster.OutsideFolder); // this test made it: leave the machine as it was
                }
            }

            ThrowawayClusters.Remove(folder);
        }
    }

    [Fact]
    public async Task the_local_cluster_refuses_a_connection_without_its_password()
    {
        RequireBinaries();

        var folder = ThrowawayClusters.NewFolder();
        var keys = Path.Combine(folder, "keys");
        try
        {
            var source = await PostgresProvisioning.ResolveAsync(LocalCluster(Path.Combine(folder, "postgres"), keys));

            Assert.Equal(1, await ExecuteAsync(source.ConnectionString, "select 1"));
            await AssertRefusedAsync(source.ConnectionString);
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(keys, PostgresProvisioning.PasswordFileName)));
        }
        finally
        {
            ThrowawayClusters.Remove(Path.Combine(folder, "postgres"));
            ThrowawayClusters.Remove(folder);
        }
    }

    /// <summary>Earlier versions created the cluster with trust authentication and no password.</summary>
    [Fact]
    public async Task a_cluster_that_trusted_everyone_gets_a_password_on_its_next_start_and_keeps_its_data()
    {
        RequireBinaries();

        var folder = ThrowawayClusters.NewFolder();
        var keys = Path.Combine(folder, "keys");
        var clusterFolder = Path.Combine(folder, "postgres");
        var configuration = LocalCluster(clusterFolder, keys);
        try
        {
            var first = await PostgresProvisioning.ResolveAsync(configuration);
            await ExecuteAsync(first.ConnectionString, "create table kept (value text); insert into kept values ('still here')");
            await first.LocalCluster!.StopAsync();
            var hba = Path.Combine(clusterFolder, "data", "pg_hba.conf");
            await File.WriteAllTextAsync(hba, "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
            File.Delete(Path.Combine(keys, PostgresProvisioning.PasswordFileName));

            var second = await PostgresProvisioning.ResolveAsync(configuration);

            Assert.Equal("still here", await ExecuteAsync(second.ConnectionString, "select value from kept"));
            await AssertRefusedAsync(second.ConnectionString);
            Assert.DoesNotContain("trust", await File.ReadAllTextAsync(hba), StringComparison.Ordinal);
        }
        finally
        {
            ThrowawayClusters.Remove(clusterFolder);
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

    /// <summary>The run command's settings for a cluster in <paramref name="folder"/>, its password kept in <paramref name="keys"/>.</summary>
    private static IConfiguration LocalCluster(string folder, string? keys = null) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Postgres:LocalClusterPath"] = folder,
            ["Authentication:KeysPath"] = keys ?? Path.Combine(folder, "keys"),
        })
        .Build();

    /// <summary>Neither no password nor a wrong one opens a connection.</summary>
    private static async Task AssertRefusedAsync(string connectionString)
    {
        foreach (var password in new[] { null, "not-the-password" })
        {
            var attempt = new NpgsqlConnectionStringBuilder(connectionString) { Password = password, Pooling = false };
            await using var connection = new NpgsqlConnection(attempt.ConnectionString);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
        }
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
