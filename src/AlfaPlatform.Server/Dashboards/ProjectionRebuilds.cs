using Marten;
using Marten.Events.Daemon.Coordination;
using Npgsql;

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Rebuilds dashboard projections from the events while the platform keeps serving. The running daemon stops the
/// projection's agent, tears its documents down and replays every event; then the agent is started again to go on
/// from there. Meanwhile a
/// <see cref="ProjectionRebuild"/> document marks it as rebuilding for every node (answers say
/// <c>rebuilding: true</c>, and open dashboards are told when it starts and ends).
/// </summary>
public sealed partial class ProjectionRebuilds(
    IDocumentStore store, NpgsqlDataSource database, IProjectionCoordinator coordinator, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<ProjectionRebuilds> logger)
{
    /// <summary>A rebuild marked running for longer than this is taken to have died with its node and may be started again.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    /// <summary>
    /// Starts rebuilding <paramref name="projections"/> one after the other, in the background; returns false (nothing
    /// started) when one of them is being rebuilt already.
    /// </summary>
    public async Task<bool> StartAsync(IReadOnlyList<string> projections, string requestedBy, CancellationToken cancellationToken)
    {
        await using (var session = store.LightweightSession())
        {
            var now = clock.GetUtcNow();
            var running = await session.LoadManyAsync<ProjectionRebuild>(cancellationToken, projections.ToArray());
            if (running.Any(r => r.Running && now - r.StartedAt < Abandoned))
            {
                return false;
            }

            session.Store(projections.Select(p => new ProjectionRebuild(p, now, null, requestedBy, null)).ToArray());
            await session.SaveChangesAsync(cancellationToken);
        }

        _ = Task.Run(() => RunAsync(projections, lifetime.ApplicationStopping), CancellationToken.None);
        return true;
    }

    private async Task RunAsync(IReadOnlyList<string> projections, CancellationToken stopping)
    {
        var daemon = coordinator.DaemonForMainDatabase();
        await AnalyseEventsAsync(stopping);
        foreach (var projection in projections)
        {
            string? failure = null;
            try
            {
                LogRebuilding(logger, projection);
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), stopping);

                // The daemon leaves the rebuilt shard idle (measured: it did not apply later events): put it back
                // into continuous running from where the rebuild ended.
                var shard = DashboardProjections.ShardOf(projection);
                await daemon.StopAgentAsync(shard);
                await daemon.StartAgentAsync(shard, stopping);
            }
            catch (Exception e)
            {
                failure = e.Message;
                LogRebuildFailed(logger, e, projection);
            }

            await using var session = store.LightweightSession();
            if (await session.LoadAsync<ProjectionRebuild>(projection, CancellationToken.None) is { } rebuild)
            {
                session.Store(rebuild with { FinishedAt = clock.GetUtcNow(), Failure = failure });
                await session.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Fresh statistics on the events before a replay. Right after many events were written (an import, a restore),
    /// PostgreSQL still takes the sequence's new range for a few rows, and plans each batch's load as a read of the
    /// whole range left, sorted: a rebuild then grows with the square of the events (measured over 64,000 events:
    /// 133 ms a batch, 6 ms once analysed). Without them the rebuild still runs, only slower.
    /// </summary>
    private async Task AnalyseEventsAsync(CancellationToken stopping)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        try
        {
            await using var analyse = database.CreateCommand($"analyze {schema}.mt_events, {schema}.mt_streams");
            await analyse.ExecuteNonQueryAsync(stopping);
        }
        catch (NpgsqlException e)
        {
            LogAnalyseFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the event table's statistics before a rebuild")]
    private static partial void LogAnalyseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilding the projection {Projection} from the events")]
    private static partial void LogRebuilding(ILogger logger, string projection);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the projection {Projection} failed")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception, string projection);
}
