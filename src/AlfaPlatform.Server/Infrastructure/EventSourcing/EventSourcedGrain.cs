using AlfaPlatform.Domain.Common;

using AlfaPlatform.Server.Infrastructure.Hosting;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// A grain that owns one event stream: it loads its state from the stream on activation and turns each command
/// into events through a pure decider, appended with the version it last saw.
/// </summary>
/// <remarks>
/// Orleans may briefly run two activations of one grain, and other writers may append too; the expected version
/// makes such a race visible instead of overwriting history. On a conflict the grain reloads and decides once more
/// against the fresh state; a second conflict is reported (409). Events are never held in memory unsaved: state
/// advances only after the append has committed.
/// </remarks>
public abstract class EventSourcedGrain<TState, TCommand>(EventStore eventStore, PlatformClock clock) : Grain, IStreamGrain<TCommand, TState>
    where TState : class, IEventSourced<TState>
{
    /// <summary>The most commands one batch decides and appends together.</summary>
    private const int MaxBatch = 256;

    private TState? _state;
    private long _version;
    private bool _belongsElsewhere;

    /// <summary>Commands taken up and not yet decided, in the order the grain received them.</summary>
    private readonly Queue<QueuedCommand> _queue = new();

    /// <summary>The batch being decided and appended: at most one at a time.</summary>
    private Task? _batch;

    /// <summary>The state with its version and times, exactly as the inline read model holds it: what a change answers.</summary>
    private StreamRecord<TState>? _record;

    /// <summary>
    /// An append failed without a clear refusal (a connection lost at the commit): it may have committed all the same,
    /// so this activation may be behind the stream and reloads before it decides or answers again.
    /// </summary>
    private bool _maybeBehind;

    protected Guid StreamId => this.GetPrimaryKey();

    /// <summary>The state as last committed (null before the first event).</summary>
    protected TState? State => _state;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await ReloadAsync(cancellationToken);

    /// <summary>The rules of the feature: given the current state (null before the first event), what happens.</summary>
    protected abstract Decision Decide(TState? state, TCommand command, DateOnly today);

    public async Task<CommandResult> ExecuteAsync(TCommand command, long? expectedVersion) =>
        (await ExecuteCommittedAsync(command, expectedVersion)).Result;

    public async Task<Committed<TState>> ExecuteAsync(TCommand command, long? expectedVersion, CancellationToken cancellationToken)
    {
        // Not passed on: once the grain has taken the command up, its append runs to an outcome the grain knows.
        cancellationToken.ThrowIfCancellationRequested();
        var (result, record) = await ExecuteCommittedAsync(command, expectedVersion);
        return new Committed<TState>(result.Version, result.Rejection, result.IsAccepted ? record : null);
    }

    public Task<Held<TState>> CurrentAsync()
    {
        if (_record is null && !_maybeBehind && _queue.Count == 0 && _batch is not { IsCompleted: false })
        {
            DeactivateOnIdle(); // nothing here to keep warm, nor being written: a read of an unknown id leaves no activation
        }

        return Task.FromResult(new Held<TState>(_maybeBehind || _belongsElsewhere ? null : _record));
    }

    public Task ForgetAsync()
    {
        _maybeBehind = true; // until the next command reloads it, or this activation is gone
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task<Outcome> ExecuteCommittedAsync(TCommand command, long? expectedVersion) =>
        ExecuteOutcomeAsync((state, today) => (Decide(state, command, today), []), expectedVersion);

    /// <summary>
    /// Decides with <paramref name="decide"/> against the current state and appends its events, together with the
    /// writes it adds to other streams (new records this change creates), in one transaction: all or nothing.
    /// </summary>
    protected async Task<CommandResult> ExecuteAsync(
        Func<TState?, DateOnly, (Decision Decision, IReadOnlyList<StreamWrite> Alongside)> decide,
        long? expectedVersion,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await ExecuteOutcomeAsync(decide, expectedVersion)).Result;
    }

    /// <summary>
    /// Queues the command and sees it through. One batch of queued commands runs at a time: a grain that takes calls
    /// while one is appending (<see cref="Orleans.Concurrency.ReentrantAttribute"/>) decides all that arrived
    /// meanwhile, one after the other, and appends them together; any other grain's batches are of one command.
    /// </summary>
    private async Task<Outcome> ExecuteOutcomeAsync(Func<TState?, DateOnly, (Decision Decision, IReadOnlyList<StreamWrite> Alongside)> decide, long? expectedVersion)
    {
        var queued = new QueuedCommand(decide, expectedVersion, CommandContext.Current());
        _queue.Enqueue(queued);
        while (!queued.Outcome.Task.IsCompleted)
        {
            if (_batch is not { IsCompleted: false })
            {
                _batch = RunBatchAsync();
            }

            try
            {
                await _batch; // every command a batch takes has its outcome when it ends: this one's, or it is in the next
            }
            catch (Exception) when (queued.Outcome.Task.IsCompleted || _queue.Contains(queued))
            {
                // The batch's failure is told to its own commands; this one has its outcome, or waits for the next batch.
            }
        }

        return await queued.Outcome.Task;
    }

    /// <summary>
    /// Decides the queued commands in order against the state each leaves, and appends the run of them that can share
    /// an append at once. A command that needs more (its key looked up, another version than the run's, streams of its
    /// own to start) ends the run and goes alone. Nobody learns an outcome before the run has committed: if it fails,
    /// each of its commands is decided and appended alone, against the state as stored.
    /// </summary>
    private async Task RunBatchAsync()
    {
        if (_queue.Count == 1 || _maybeBehind)
        {
            await AloneAsync(_queue.Dequeue()); // alone reloads first when behind, and a failed reload fails only that command
            return;
        }

        var run = new List<(QueuedCommand Command, Decision Decision)>();
        var (state, version) = (_state, _version);
        while (_queue.TryPeek(out var next) && run.Count < MaxBatch)
        {
            if (next.Context.Keyed is not null && !await NotWrittenYetAsync(next))
            {
                // A retry of a command written already (or a key that could not be looked up): alone, which answers it.
                if (run.Count > 0)
                {
                    break;
                }

                await AloneAsync(_queue.Dequeue());
                return;
            }

            if (!_belongsElsewhere && (next.ExpectedVersion ?? version) == version
                && TryDecide(next, state, out var decision, out var alongside) && alongside.Count == 0)
            {
                _queue.Dequeue();
                run.Add((next, decision));
                if (decision.Rejection is null && decision.Events.Count > 0)
                {
                    state = EventSourced.Fold(decision.Events, state);
                    version += decision.Events.Count;
                }
            }
            else if (run.Count == 0)
            {
                _queue.Dequeue();
                await AloneAsync(next);
                return;
            }
            else
            {
                break;
            }
        }

        if (run.Count == 1)
        {
            await AloneAsync(run[0].Command);
            return;
        }

        await CommitRunAsync(run, state);
    }

    private async Task CommitRunAsync(List<(QueuedCommand Command, Decision Decision)> run, TState? after)
    {
        var writing = run.Where(r => r.Decision.Rejection is null && r.Decision.Events.Count > 0).ToList();
        Appended? appended = null;
        if (writing.Count > 0)
        {
            try
            {
                appended = await eventStore.AppendBatchAsync(
                    StreamWrite.Of(StreamId, _version, [.. writing.SelectMany(r => r.Decision.Events)], _state, after!, _record),
                    [.. writing.Select(r => new CommandShare(r.Command.Context, r.Decision.Events.Count))]);
            }
            catch (Exception e) when (e is not (StreamVersionConflictException or UniqueKeyTakenException))
            {
                // Whether it committed is unknown (a lost connection at the commit): as for a lone append, each caller is
                // told, nothing is run again, and the grain reloads before its next decision.
                _maybeBehind = true;
                run.ForEach(r => r.Command.Outcome.TrySetException(e));
                return;
            }
            catch (Exception)
            {
                // Refused: a race the grain could not see (another activation, a value taken elsewhere), and nothing of
                // the run was written. Each command meets its own outcome alone, against the stored state.
                try
                {
                    await ReloadAsync(CancellationToken.None);
                }
                catch (Exception e)
                {
                    _maybeBehind = true;
                    run.ForEach(r => r.Command.Outcome.TrySetException(e));
                    return;
                }

                foreach (var (command, _) in run)
                {
                    await AloneAsync(command);
                }

                return;
            }
        }

        var stored = 0;
        foreach (var (command, decision) in run)
        {
            if (decision.Rejection is { } rejection)
            {
                command.Outcome.TrySetResult(new Outcome(CommandResult.Rejected(rejection, _version), null));
                continue;
            }

            for (var i = 0; i < decision.Events.Count; i++)
            {
                _record = StreamRecord<TState>.Advance(_record, StreamId, appended!.Events[stored++]);
            }

            _version += decision.Events.Count;
            command.Outcome.TrySetResult(new Outcome(CommandResult.Accepted(_version), _record));
        }

        _state = after;
        if (appended is not null)
        {
            await OnAppendedAsync();
        }
    }
    /// <summary>
    /// One command on its own: a retry of a keyed command answered from its recorded write, the caller's version
    /// checked, then decided and appended. On a conflict the grain reloads and decides once more; a second is reported.
    /// </summary>
    private async Task AloneAsync(QueuedCommand command)
    {
        try
        {
            command.Outcome.TrySetResult(await DecideAndAppendAsync(command));
        }
        catch (Exception e)
        {
            _maybeBehind = true; // whatever failed, the next command starts from the stream as stored
            command.Outcome.TrySetException(e);
        }
    }

    private async Task<Outcome> DecideAndAppendAsync(QueuedCommand command)
    {
        var (decide, expectedVersion, context) = (command.Decide, command.ExpectedVersion, command.Context);
        if (_maybeBehind)
        {
            // E.g. a keyed retry of the very append that failed here: it must be answered with the record it committed.
            await ReloadAsync(CancellationToken.None);
            _maybeBehind = false;
        }

        if (_belongsElsewhere)
        {
            return new Outcome(CommandResult.Rejected(Rejection.NotFound("The record"), _version), null);
        }

        for (var attempt = 1; ; attempt++)
        {
            // A retry of a keyed command that was written already (its answer lost to a crash or an outage) is
            // answered as done, before anything that its own write has made stale (If-Match, the rules) is checked.
            if (await eventStore.FindWriteAsync(StreamId, context, CancellationToken.None) is { } written)
            {
                if (written.Version > _version)
                {
                    await ReloadAsync(CancellationToken.None); // written by an activation before this one: answer with it
                }

                return new Outcome(written.Fingerprint == context.Keyed!.Fingerprint
                    ? CommandResult.Accepted(written.Version)
                    : CommandResult.Rejected(Rejection.KeyReused(), _version), _record);
            }

            if (expectedVersion is { } expected && expected != _version)
            {
                // The caller may have read a newer version than this activation holds: look before refusing.
                await ReloadAsync(CancellationToken.None);
                if (expected != _version)
                {
                    return new Outcome(CommandResult.Rejected(Rejection.StaleVersion(expected, _version), _version), null);
                }
            }

            var (decision, alongside) = decide(_state, Today(context));
            if (decision.Rejection is { } rejection)
            {
                return new Outcome(CommandResult.Rejected(rejection, _version), null);
            }

            if (decision.Events.Count == 0)
            {
                return new Outcome(CommandResult.Accepted(_version), _record);
            }

            var after = EventSourced.Fold(decision.Events, _state)!;
            try
            {
                var appended = await eventStore.AppendEventsAsync(
                    [StreamWrite.Of(StreamId, _version, decision.Events, _state, after, _record), .. alongside], context, CancellationToken.None);
                _record = appended.Events.Aggregate(_record, (record, e) => StreamRecord<TState>.Advance(record, StreamId, e));
                _version = appended.Version;
                _state = after;
                await OnAppendedAsync();
                return new Outcome(CommandResult.Accepted(_version), _record);
            }
            catch (StreamVersionConflictException)
            {
                await ReloadAsync(CancellationToken.None);
                if (attempt > 1)
                {
                    return new Outcome(CommandResult.Rejected(
                        Rejection.Conflict("concurrent_change", "The record was changed by someone else at the same time. Reload it and try again."),
                        _version), null);
                }
            }
            catch (UniqueKeyTakenException e)
            {
                return new Outcome(CommandResult.Rejected(
                    Rejection.Conflict("duplicate", $"Another active record already uses {e.Key.Scope} '{e.Key.Value}'."),
                    _version), null);
            }
        }
    }

    /// <summary>Whether a keyed command's key has written nothing yet; false also when the lookup failed (alone, it fails again and its caller learns why).</summary>
    private async Task<bool> NotWrittenYetAsync(QueuedCommand command)
    {
        try
        {
            return await eventStore.FindWriteAsync(StreamId, command.Context, CancellationToken.None) is null;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The command decided against <paramref name="state"/>; false when deciding threw (it then goes alone, and its caller learns why).</summary>
    private bool TryDecide(QueuedCommand command, TState? state, out Decision decision, out IReadOnlyList<StreamWrite> alongside)
    {
        try
        {
            (decision, alongside) = command.Decide(state, Today(command.Context));
            return true;
        }
        catch (Exception)
        {
            (decision, alongside) = (default!, []);
            return false;
        }
    }

    private DateOnly Today(CommandContext context) => DateOnly.FromDateTime((context.RecordedAt ?? clock.GetUtcNow()).UtcDateTime);

    /// <summary>Runs after each committed append, e.g. to keep a reminder in step with the new state.</summary>
    protected virtual Task OnAppendedAsync() => Task.CompletedTask;

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var loaded = await eventStore.LoadAsync<TState>(StreamId, cancellationToken);
        (_state, _version, _belongsElsewhere, _record) = (loaded.State, loaded.Version, loaded.BelongsElsewhere, loaded.Record);
    }

    private sealed record QueuedCommand(
        Func<TState?, DateOnly, (Decision Decision, IReadOnlyList<StreamWrite> Alongside)> Decide, long? ExpectedVersion, CommandContext Context)
    {
        public TaskCompletionSource<Outcome> Outcome { get; } = new();
    }

    /// <summary>A command's result, and the record as its change left it (what the gateway answers with).</summary>
    private readonly record struct Outcome(CommandResult Result, StreamRecord<TState>? Record);
}
