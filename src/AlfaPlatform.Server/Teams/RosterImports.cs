using System.Collections.Concurrent;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Teams;

public enum RosterImportState { Running, Succeeded, Failed, Cancelled }

public enum RosterImportPhase { Checking, Writing, Done }

/// <summary>Why an import failed, as the problem details its request would have answered.</summary>
public sealed record RosterImportProblem(int Status, string? Code, string Detail, IDictionary<string, string[]>? Errors = null);

/// <summary>
/// A roster import and how far it got. It writes in one transaction, so a failed, cancelled or interrupted import
/// wrote nothing. Stored in PostgreSQL so that any node answers for it.
/// </summary>
/// <param name="Rows">The file's rows, known once they are checked.</param>
/// <param name="Result">What it changes: planned once the rows are checked, done once it succeeded.</param>
/// <param name="Key">The Idempotency-Key record under which its write is stored: the request's, or the job's own.</param>
/// <param name="Fingerprint">The request's body, as its Idempotency-Key knows it: a retry with another file is refused.</param>
/// <param name="Heartbeat">Renewed while it runs: a running job without a recent one was interrupted.</param>
public sealed record RosterImportJob(
    Guid Id,
    Guid TeamId,
    RosterImportState State,
    RosterImportPhase Phase,
    int? Rows,
    ImportRoster.Result? Result,
    RosterImportProblem? Problem,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string Key,
    string Fingerprint,
    DateTimeOffset Heartbeat)
{
    public bool IsFinished => State != RosterImportState.Running;

    public View ToView() => new(Id, TeamId, State, Phase, Rows, Result, Problem, CreatedAt, FinishedAt);

    /// <summary>The job as its resource shows it.</summary>
    public sealed record View(
        Guid Id,
        Guid TeamId,
        RosterImportState State,
        RosterImportPhase Phase,
        int? Rows,
        ImportRoster.Result? Result,
        RosterImportProblem? Problem,
        DateTimeOffset CreatedAt,
        DateTimeOffset? FinishedAt);
}

/// <summary>A request to stop an import, left for the node that runs it.</summary>
public sealed record RosterImportCancellation(Guid Id, DateTimeOffset At);

/// <summary>
/// Runs roster imports in the background, so a long file never holds a request open: the endpoint waits a little
/// for the job, then answers 202 with where to follow it. The check and the write go through the mediator as the
/// staff member who sent the file, under the request's Idempotency-Key (or the job's own key), so the write is
/// recorded with its key and a job interrupted by a crash can tell whether it committed.
/// </summary>
public sealed partial class RosterImports(
    IServiceScopeFactory scopes, IDocumentStore store, IGrainFactory grains, IdempotentWrites idempotentWrites, TimeProvider clock, ILogger<RosterImports> logger)
{
    /// <summary>A running job renews its heartbeat this often, and looks for a cancellation from another node.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(2);

    /// <summary>A running job whose heartbeat is older than this was interrupted (its node stopped).</summary>
    public static readonly TimeSpan InterruptedAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, Run> _running = new();

    /// <summary>A job running on this node: its latest state, saved by one writer at a time (the job or its heartbeat).</summary>
    private sealed class Run(RosterImportJob job)
    {
        public RosterImportJob Job { get; private set; } = job;

        public Task<RosterImportJob> Ended { get; set; } = Task.FromResult(job);

        public CancellationTokenSource Stop { get; } = new();

        public SemaphoreSlim Saving { get; } = new(1, 1);

        public void Advance(RosterImportJob job) => Job = job;
    }

    /// <summary>
    /// Starts the import <paramref name="jobId"/> as <paramref name="caller"/>, unless it already ran or runs: a retry
    /// of the request (same Idempotency-Key, so the same job id) joins it, or runs again after a failure.
    /// </summary>
    public async Task<Outcome<RosterImportJob>> StartAsync(Guid jobId, Guid teamId, string csv, Caller caller, CancellationToken cancellationToken)
    {
        var fingerprint = caller.Idempotency?.Fingerprint ?? "";
        if (await FindAsync(jobId, cancellationToken) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
            {
                return Rejection.KeyReused();
            }

            if (earlier.State == RosterImportState.Succeeded || (earlier.State == RosterImportState.Running && !IsInterrupted(earlier)))
            {
                return earlier;
            }
        }

        var now = clock.GetUtcNow();
        var job = new RosterImportJob(jobId, teamId, RosterImportState.Running, RosterImportPhase.Checking, null, null, null, now, null,
            caller.Idempotency?.Key ?? $"roster-import/{jobId:N}", fingerprint, now);
        var run = new Run(job);
        await using (var session = store.LightweightSession())
        {
            session.Delete<RosterImportCancellation>(jobId); // left by an earlier run of this job
            session.Store(job);
            await session.SaveChangesAsync(cancellationToken);
        }

        _running[jobId] = run;
        run.Ended = Task.Run(() => RunAsync(run, csv, caller), CancellationToken.None);
        return job;
    }

    /// <summary>The job once it ends, or as it stands after <paramref name="wait"/>.</summary>
    public async Task<RosterImportJob> WaitAsync(RosterImportJob job, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (job.IsFinished || !_running.TryGetValue(job.Id, out var running))
        {
            return job;
        }

        try
        {
            return await running.Ended.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return await FindAsync(job.Id, cancellationToken) ?? job;
        }
    }

    /// <summary>The job as it stands; a running job whose node stopped is answered as it ended: committed or not.</summary>
    public async Task<RosterImportJob?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var job = await session.LoadAsync<RosterImportJob>(jobId, cancellationToken);
        if (job is null || !IsInterrupted(job))
        {
            return job;
        }

        var committed = await idempotentWrites.AnyForKeyAsync(session, job.Key, cancellationToken); // the job's key writes only its team
        return committed
            ? job with { State = RosterImportState.Succeeded, Phase = RosterImportPhase.Done, FinishedAt = job.Heartbeat }
            : job with
            {
                State = RosterImportState.Failed,
                FinishedAt = job.Heartbeat,
                Problem = new RosterImportProblem(StatusCodes.Status503ServiceUnavailable, "import_interrupted",
                    "The server stopped while this import ran, before it wrote anything. Send the file again."),
            };
    }

    /// <summary>Stops the job if it has not written yet; answers it as it then stands.</summary>
    public async Task<RosterImportJob?> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await FindAsync(jobId, cancellationToken) is not { IsFinished: false } job)
        {
            return await FindAsync(jobId, cancellationToken);
        }

        if (_running.TryGetValue(jobId, out var running))
        {
            await running.Stop.CancelAsync();
        }
        else
        {
            // Another node runs it: it looks for this on its next heartbeat.
            await using var session = store.LightweightSession();
            session.Store(new RosterImportCancellation(jobId, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }

        return await WaitAsync(job, HeartbeatEvery * 3, cancellationToken);
    }

    private bool IsInterrupted(RosterImportJob job) =>
        !job.IsFinished && !_running.ContainsKey(job.Id) && clock.GetUtcNow() - job.Heartbeat > InterruptedAfter;

    private async Task<RosterImportJob> RunAsync(Run run, string csv, Caller sender)
    {
        var job = run.Job;
        using var heartbeat = new CancellationTokenSource();
        var beating = BeatAsync(run, heartbeat.Token);
        try
        {
            job = await ImportAsync(run, csv, sender);
        }
        catch (OperationCanceledException) when (run.Stop.IsCancellationRequested)
        {
            job = await SettleCancelledAsync(run.Job);
        }
        catch (RequestValidationException invalid)
        {
            job = Failed(job, new RosterImportProblem(StatusCodes.Status400BadRequest, "invalid_rows", "The file is not valid: see errors.", invalid.Errors));
        }
        catch (Exception e) when (ProblemMapping.IsDatabaseUnavailable(e))
        {
            LogDatabaseUnavailable(e, job.Id);
            job = Failed(job, new RosterImportProblem(StatusCodes.Status503ServiceUnavailable, "outcome_unknown",
                "The database became unavailable while this import ran: it was written whole or not at all. Send it again with the same Idempotency-Key: it is applied exactly once."));
        }
        catch (Exception e)
        {
            LogFailed(e, job.Id);
            job = Failed(job, new RosterImportProblem(StatusCodes.Status500InternalServerError, "import_failed",
                "The import failed and wrote nothing. Send the file again; if it fails again, tell the platform's administrators."));
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }

        job = job with { Phase = job.State == RosterImportState.Succeeded ? RosterImportPhase.Done : job.Phase, FinishedAt = clock.GetUtcNow() };
        try
        {
            // A job whose end cannot be saved stays running without a heartbeat, and is answered as interrupted:
            // whether it committed is read from its key.
            await SaveAsync(run, job, CancellationToken.None);
        }
        catch (Exception e) when (ProblemMapping.IsDatabaseUnavailable(e))
        {
            LogDatabaseUnavailable(e, job.Id);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
        }

        return job;
    }

    private async Task<RosterImportJob> ImportAsync(Run run, string csv, Caller sender)
    {
        var (job, cancellationToken) = (run.Job, run.Stop.Token);
        await using var scope = scopes.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        (caller.ActorId, caller.ActorName, caller.Role, caller.Organisation, caller.CorrelationId) =
            (sender.ActorId, sender.ActorName, sender.Role, sender.Organisation, sender.CorrelationId);
        caller.Idempotency = (job.Key, sender.Idempotency?.Fingerprint ?? "roster-import");
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var checkedPlan = await mediator.Send(new ImportRoster.Check(job.TeamId, csv), cancellationToken);
        if (checkedPlan.Rejection is { } refused)
        {
            return Failed(job, Problem(refused));
        }

        var plan = checkedPlan.Value!;
        job = job with { Phase = RosterImportPhase.Writing, Rows = plan.Rows, Result = plan.Result };
        await SaveAsync(run, job, cancellationToken);
        if (!plan.ChangesNothing
            && await mediator.Send(new ImportRoster.Apply(job.TeamId, plan.Import), cancellationToken) is { Rejection: { } rejected })
        {
            return Failed(job, Problem(rejected));
        }

        return job with { State = RosterImportState.Succeeded };
    }

    /// <summary>
    /// A cancellation answers the caller at once, while the grain may still be committing: its next call waits for
    /// the import to end (a grain runs one call at a time), and then the import's key tells whether it wrote.
    /// </summary>
    private async Task<RosterImportJob> SettleCancelledAsync(RosterImportJob job)
    {
        if (job.Phase != RosterImportPhase.Writing)
        {
            return job with { State = RosterImportState.Cancelled };
        }

        try
        {
            await grains.GetGrain<ITeamGrain>(job.TeamId).SettledAsync();
            await using var session = store.QuerySession();
            return await idempotentWrites.AnyForKeyAsync(session, job.Key, CancellationToken.None)
                ? job with { State = RosterImportState.Succeeded }
                : job with { State = RosterImportState.Cancelled };
        }
        catch (Exception e)
        {
            LogFailed(e, job.Id);
            return Failed(job, new RosterImportProblem(StatusCodes.Status503ServiceUnavailable, "outcome_unknown",
                "The import was cancelled while it wrote, and whether it committed could not be read. Look at the roster, or send the file again with the same Idempotency-Key: it is applied exactly once."));
        }
    }

    /// <summary>Renews the heartbeat, and stops the job when another node asked it to.</summary>
    private async Task BeatAsync(Run run, CancellationToken ended)
    {
        var jobId = run.Job.Id;
        using var timer = new PeriodicTimer(HeartbeatEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ended))
            {
                try
                {
                    await using (var session = store.QuerySession())
                    {
                        if (await session.LoadAsync<RosterImportCancellation>(jobId, ended) is not null)
                        {
                            await run.Stop.CancelAsync();
                        }
                    }

                    await SaveAsync(run, job: null, ended);
                }
                catch (Exception e) when (!ended.IsCancellationRequested)
                {
                    LogHeartbeatMissed(e, jobId); // the next tick tries again; the job itself meets an outage and says so
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
        }
    }

    /// <summary>Saves <paramref name="job"/> as the run's state, or renews the heartbeat of its latest state (null).</summary>
    private async Task SaveAsync(Run run, RosterImportJob? job, CancellationToken cancellationToken)
    {
        await run.Saving.WaitAsync(cancellationToken);
        try
        {
            job ??= run.Job;
            run.Advance(job);
            await using var session = store.LightweightSession();
            session.Store(job with { Heartbeat = clock.GetUtcNow() });
            await session.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            run.Saving.Release();
        }
    }

    private static RosterImportJob Failed(RosterImportJob job, RosterImportProblem problem) =>
        job with { State = RosterImportState.Failed, Problem = problem };

    private static RosterImportProblem Problem(Rejection rejection) =>
        new(ProblemMapping.StatusOf(rejection), rejection.Code, rejection.Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Roster import {JobId}: the database became unavailable")]
    private partial void LogDatabaseUnavailable(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Roster import {JobId}: its heartbeat could not be saved")]
    private partial void LogHeartbeatMissed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Roster import {JobId} failed and wrote nothing")]
    private partial void LogFailed(Exception exception, Guid jobId);
}

/// <summary>How the import endpoint answers for its job.</summary>
public static class RosterImportResults
{
    /// <summary>A roster of about 100,000 rows: larger than the API's usual request limit, which is for JSON.</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    /// <summary>Whether the request asked not to wait (RFC 7240 <c>Prefer: respond-async</c>): it is answered 202 with the job, however quickly the job ends.</summary>
    public static bool PrefersAsync(HttpRequest request) => Preferences(request).Any(p => p.Equals("respond-async", StringComparison.OrdinalIgnoreCase));

    /// <summary>How long the request waits for its import (RFC 7240): <c>Prefer: respond-async</c> not at all, <c>wait=N</c> N seconds.</summary>
    public static TimeSpan Wait(HttpRequest request)
    {
        if (PrefersAsync(request))
        {
            return TimeSpan.Zero;
        }

        return Preferences(request).Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries)).FirstOrDefault(p => p[0].Equals("wait", StringComparison.OrdinalIgnoreCase)) is [_, var seconds]
               && int.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var wait)
            ? TimeSpan.FromSeconds(Math.Min(wait, LongestWait.TotalSeconds))
            : DefaultWait;
    }

    private static List<string> Preferences(HttpRequest request) =>
        [.. request.Headers["Prefer"].SelectMany(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>
    /// The import's result once it ended (200, or the problem it failed with), else 202 with where to follow it. A request
    /// that started its job and asked to respond asynchronously always gets the 202: a client that polls is not
    /// surprised by a job that ended before its answer was written. A retry of a job that had ended gets its result.
    /// </summary>
    public static IResult Answer(RosterImportJob job, HttpRequest request, bool endedBefore)
    {
        var (location, response) = ($"/api/teams/{job.TeamId}/members/imports/{job.Id}", request.HttpContext.Response);
        if (PrefersAsync(request) && !endedBefore)
        {
            response.Headers["Preference-Applied"] = "respond-async";
            response.Headers.RetryAfter = "1";
            return TypedResults.Accepted(location, job.ToView());
        }

        switch (job)
        {
            case { State: RosterImportState.Succeeded }:
                response.Headers.ContentLocation = location;
                return TypedResults.Ok(job.Result);
            case { State: RosterImportState.Failed, Problem: { Errors: { } errors } problem }:
                return TypedResults.ValidationProblem(errors, detail: problem.Detail, extensions: Code(problem.Code));
            case { State: RosterImportState.Failed, Problem: { } problem }:
                return TypedResults.Problem(statusCode: problem.Status, detail: problem.Detail, extensions: Code(problem.Code));
            case { State: RosterImportState.Cancelled }:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The import was cancelled before it wrote anything.", extensions: Code("import_cancelled"));
            default:
                response.Headers.RetryAfter = "1";
                return TypedResults.Accepted(location, job.ToView());
        }
    }

    private static Dictionary<string, object?> Code(string? code) => new() { ["code"] = code };
}
