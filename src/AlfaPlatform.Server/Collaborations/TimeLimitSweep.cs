using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// When a silo starts, every request with a step still waiting is checked once: anything that ran out while no host
/// was up is flagged at once, and a reminder that could not be written earlier is written now (the grain's
/// activation sees to it). Checking twice is harmless: a step is flagged only once.
/// </summary>
public sealed partial class TimeLimitSweep(IDocumentStore store, IGrainFactory grains, ILogger<TimeLimitSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var session = store.QuerySession();
            var waiting = await session.Query<StreamRecord<CollaborationRequest>>()
                .Where(r => r.State.State == RequestState.Submitted || r.State.State == RequestState.Screening || r.State.State == RequestState.Assessment)
                .Select(r => r.Id)
                .ToListAsync(stoppingToken);
            foreach (var request in waiting)
            {
                await grains.GetGrain<ICollaborationGrain>(request).ExecuteAsync(new CheckTimeLimits(), expectedVersion: null);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSweepFailed(logger, e); // each request's own reminder still checks it
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start-up check of running time limits failed; the requests' reminders still check them.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
