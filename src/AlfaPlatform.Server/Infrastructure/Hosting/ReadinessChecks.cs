using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>Ready only when PostgreSQL answers a query.</summary>
public sealed class PostgresReadiness(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}

/// <summary>Ready only when the Orleans cluster answers through this process (silo or cluster client) with an active silo.</summary>
public sealed class OrleansReadiness(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var management = grains.GetGrain<IManagementGrain>(0);
#pragma warning disable CA2016 // GetHosts takes no token; WaitAsync bounds our wait instead.
            var hosts = await management.GetHosts(true).WaitAsync(cancellationToken);
#pragma warning restore CA2016
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).") : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The Orleans cluster does not answer.", e);
        }
    }
}
