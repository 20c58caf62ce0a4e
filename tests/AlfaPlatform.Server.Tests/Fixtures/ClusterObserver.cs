using AlfaPlatform.Server.Infrastructure.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// What a test sees of a cluster of platform processes: the membership table's rows, and, through an Orleans client of
/// its own that finds the silos in that table as a gateway does, which silo holds a grain (Orleans' management grain).
/// </summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    /// <summary>Orleans' SiloStatus, as the membership table stores it.</summary>
    public const int Active = 3, Dead = 6;

    private readonly IHost _client;

    private ClusterObserver(IHost client) => _client = client;

    /// <summary>Joins, as a client, the cluster whose membership is in <paramref name="connectionString"/>'s database.</summary>
    public static async Task<ClusterObserver> ConnectAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UsePlatformClustering(new OrleansSettings(), connectionString));
        var client = builder.Build();
        await client.StartAsync();
        return new ClusterObserver(client);
    }

    /// <summary>The active silo holding an activation of <paramref name="grain"/>, if any holds one.</summary>
    public async Task<SiloAddress?> HostOfAsync<TGrain>(Guid grain)
        where TGrain : IGrainWithGuidKey
    {
        var grains = _client.Services.GetRequiredService<IClusterClient>();
        var id = grains.GetGrain<TGrain>(grain).GetGrainId();
        var management = grains.GetGrain<IManagementGrain>(0);
        var active = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var statistics = await management.GetDetailedGrainStatistics(types: null, hostsIds: active);
        return statistics.FirstOrDefault(s => s.GrainId == id)?.SiloAddress;
    }

    /// <summary>The rows of the membership table, oldest silo first.</summary>
    public static async Task<List<Member>> MembersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select address, port, status from orleans.orleansmembershiptable order by starttime, port", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<Member>();
        while (await reader.ReadAsync())
        {
            members.Add(new Member(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return members;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
    }

    public sealed record Member(string Address, int Port, int Status);
}
