using AlfaPlatform.Server.Infrastructure.EventSourcing;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator; // JasperFx has one of that name too

namespace AlfaPlatform.Server.Dashboards;

/// <summary>
/// Asks for rebuilds of dashboard projections from the events, on any node (a gateway too): the request is a
/// <see cref="ProjectionRebuild"/> document, which marks the projection as rebuilding for every node (answers say
/// <c>rebuilding: true</c>, and open dashboards are told when it starts and ends). The node leading the daemon runs
/// it (<see cref="ProjectionRebuildRunner"/>).
/// </summary>
public sealed class ProjectionRebuilds(IDocumentStore store, TimeProvider clock)
{
    /// <summary>A rebuild marked running for longer than this is taken to have failed and may be asked for again.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    /// <summary>
    /// Asks for <paramref name="projections"/> to be rebuilt (together); returns false (nothing asked) when one
    /// of them is being rebuilt already.
    /// </summary>
    public async Task<bool> RequestAsync(IReadOnlyList<string> projections, string requestedBy, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var now = clock.GetUtcNow();
        var running = await session.LoadManyAsync<ProjectionRebuild>(cancellationToken, projections.ToArray());
        if (running.Any(r => r.Running && now - r.StartedAt < Abandoned))
        {
            return false;
        }

        session.Store(projections.Select(p => new ProjectionRebuild(p, now, null, requestedBy, null, RunOn: null)).ToArray());
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }
}

/// <summary>
/// Runs the rebuilds asked for, on the node that leads the daemon (HotCold: the one running the projections' agents)
/// and only there, so that no other node replays a projection its leader is still applying events to. The running
/// daemon stops the projection's agent, tears its documents down and replays every event; then the agent goes on from
/// there. A projection that can write its read model whole (<see cref="IRebuiltWithoutReplay"/>: search from the records,
/// the activity feed in a few statements over the events) does so instead. A rebuild left unfinished by a leader that died is run again by the next one, when it takes the lead.
/// Between rebuilds the leader also keeps the daemon's high-water agent polling (<see cref="KeepHighWaterPollingAsync"/>).
/// </summary>
public sealed partial class ProjectionRebuildRunner(
    IDocumentStore store, NpgsqlDataSource database, MartenCoordinator coordinator, IEnumerable<IRebuiltWithoutReplay> withoutReplay,
    IOptions<DashboardSettings> settings, TimeProvider clock, ILogger<ProjectionRebuildRunner> logger) : BackgroundService
{
    /// <summary>How often the leader looks for rebuilds asked of any node.</summary>
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    /// <summary>This process, as the rebuilds it runs name it: a rebuild marked with another node was left by a leader before it.</summary>
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery);
        var (leading, tookTheLead) = (false, false);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var daemon = coordinator.DaemonForMainDatabase();
                var leadsNow = daemon.CurrentAgents().Any(a => a.Status == AgentStatus.Running);
                (tookTheLead, leading) = (tookTheLead || (leadsNow && !leading), leadsNow);
                if (leading)
                {
                    await RunAskedAsync(daemon, leftByAnotherLeader: tookTheLead, stoppingToken);
                    tookTheLead = false; // looked once for what the former leader left: from now on only new requests
                    await KeepHighWaterPollingAsync(daemon, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLookFailed(logger, e); // the next tick looks again
            }
        }
    }

    /// <param name="leftByAnotherLeader">
    /// True when this node has just taken the lead: rebuilds another node took up and did not finish are run again.
    /// </param>
    private async Task RunAskedAsync(IProjectionDaemon daemon, bool leftByAnotherLeader, CancellationToken stopping)
    {
        List<ProjectionRebuild> asked;
        await using (var session = store.QuerySession())
        {
            asked = [.. (await session.Query<ProjectionRebuild>().Where(r => r.FinishedAt == null).ToListAsync(stopping))
                .Where(r => r.RunOn is null || (leftByAnotherLeader && r.RunOn != _node)).OrderBy(r => r.StartedAt).ThenBy(r => r.Id)];
        }

        if (asked.Count > 0)
        {
            await AnalyseEventsAsync(stopping);
        }

        // Together: each replays its own events into its own tables, and one replay alone leaves a core idle while it
        // waits for PostgreSQL (the benchmark's P6, six projections over 100,887 events: 30.3 s one after the other,
        // 23.9 s together).
        await Task.WhenAll(asked.Select(rebuild => RebuildAsync(daemon, rebuild, stopping)));
    }

    /// <summary>
    /// Restarts the daemon's high-water agent when it has not polled for longer than the settings allow
    /// (<see cref="DashboardSettings.HighWaterSilence"/>; it polls every second when idle) while this node runs
    /// projections. The daemon stops the agent when a shard stops and no other runs, and a shard starting starts it only
    /// if it is not running when the start begins: one shard's stop racing another's start leaves it stopped, and every
    /// projection waits for a mark that never moves (seen once in CI, after every projection was rebuilt at once). The
    /// daemon's own watchdog restarts an agent whose loop is wedged, never one that is stopped. A restart reads the mark
    /// again from the events and never moves it past them; one that fails (the database out of reach) is tried again
    /// at the next look.
    /// </summary>
    private async Task KeepHighWaterPollingAsync(IProjectionDaemon daemon, CancellationToken stopping)
    {
        // The daemon stamps its polls with the system's clock, whatever clock the platform is given.
        if (daemon.HighWaterLastPolledAt is not { } polled || TimeProvider.System.GetUtcNow() - polled <= settings.Value.HighWaterSilence)
        {
            return;
        }

        LogHighWaterSilent(logger, polled);
        try
        {
            await daemon.RestartHighWaterAgentAsync(stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            LogHighWaterRestartFailed(logger, e);
        }
    }

    private async Task RebuildAsync(IProjectionDaemon daemon, ProjectionRebuild rebuild, CancellationToken stopping)
    {
        await SaveAsync(rebuild with { RunOn = _node });
        string? failure = null;
        try
        {
            LogRebuilding(logger, rebuild.Id);
            var shard = DashboardProjections.ShardOf(rebuild.Id);
            if (withoutReplay.FirstOrDefault(r => r.Projection == rebuild.Id) is { } written)
            {
                // Every event up to the daemon's high-water mark has committed: the read model is written whole as of
                // the mark (or later, for what the records say now), and the projection goes on from there.
                await daemon.StopAgentAsync(shard);
                var mark = daemon.HighWaterMark();
                try
                {
                    await written.RebuildAsync(mark, stopping);
                }
                catch (Exception) when (!stopping.IsCancellationRequested)
                {
                    // Perhaps half written: the daemon tears it down again and replays every event into it instead.
                    await ReplayAsync(daemon, rebuild.Id, stopping);
                    throw;
                }

                await daemon.RewindSubscriptionAsync(rebuild.Id, stopping, mark);
                await GoOnAsync(daemon, rebuild.Id, stopping);
            }
            else
            {
                await ReplayAsync(daemon, rebuild.Id, stopping);
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            failure = e.Message;
            LogRebuildFailed(logger, e, rebuild.Id);
        }

        await SaveAsync(rebuild with { RunOn = _node, FinishedAt = clock.GetUtcNow(), Failure = failure });
    }

    private static async Task ReplayAsync(IProjectionDaemon daemon, string projection, CancellationToken stopping)
    {
        await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), stopping);

        // The daemon leaves the rebuilt shard idle (measured: it did not apply later events).
        await GoOnAsync(daemon, projection, stopping);
    }

    /// <summary>
    /// Puts a rebuilt projection's shard back into continuous running from where its rebuild ended. Starting it
    /// also starts the daemon's high-water agent again, stopped once no shard runs, as when every projection is
    /// rebuilt at once (measured: P6's projections then stayed at the mark they were rebuilt to). Shards that stop
    /// and start together can still leave it stopped: <see cref="KeepHighWaterPollingAsync"/> restarts it then.
    /// </summary>
    private static async Task GoOnAsync(IProjectionDaemon daemon, string projection, CancellationToken stopping)
    {
        var shard = DashboardProjections.ShardOf(projection);
        await daemon.StopAgentAsync(shard);
        await daemon.StartAgentAsync(shard, stopping);
    }

    private async Task SaveAsync(ProjectionRebuild rebuild)
    {
        await using var session = store.LightweightSession();
        session.Store(rebuild);
        await session.SaveChangesAsync(CancellationToken.None);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for rebuilds asked for; looking again shortly")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the event table's statistics before a rebuild")]
    private static partial void LogAnalyseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The projection daemon's high-water agent has not polled since {LastPolled}; restarting it")]
    private static partial void LogHighWaterSilent(ILogger logger, DateTimeOffset lastPolled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not restart the projection daemon's high-water agent; trying again shortly")]
    private static partial void LogHighWaterRestartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilding the projection {Projection} from the events")]
    private static partial void LogRebuilding(ILogger logger, string projection);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the projection {Projection} failed")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception, string projection);
}
