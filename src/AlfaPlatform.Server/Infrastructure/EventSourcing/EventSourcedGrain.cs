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
    private TState? _state;
    private long _version;
    private bool _belongsElsewhere;

    /// <summary>The state with its version and times, exactly as the inline read model holds it: what a change answers.</summary>
    private StreamRecord<TState>? _record;

    protected Guid StreamId => this.GetPrimaryKey();

    /// <summary>The state as last committed (null before the first event).</summary>
    protected TState? State => _state;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await ReloadAsync(cancellationToken);

    /// <summary>The rules of the feature: given the current state (null before the first event), what happens.</summary>
    protected abstract Decision Decide(TState? state, TCommand command, DateOnly today);

    public Task<CommandResult> ExecuteAsync(TCommand command, long? expectedVersion) =>
        ExecuteAsync((state, today) => (Decide(state, command, today), []), expectedVersion, CancellationToken.None);

    public async Task<Committed<TState>> ExecuteAsync(TCommand command, long? expectedVersion, CancellationToken cancellationToken)
    {
        // Not passed on: once the grain has taken the command up, its append runs to an outcome the grain knows.
        cancellationToken.ThrowIfCancellationRequested();
        var result = await ExecuteAsync(command, expectedVersion);
        return new Committed<TState>(result.Version, result.Rejection, result.IsAccepted ? _record : null);
    }

    /// <summary>
    /// Decides with <paramref name="decide"/> against the current state and appends its events, together with the
    /// writes it adds to other streams (new records this change creates), in one transaction: all or nothing.
    /// </summary>
    protected async Task<CommandResult> ExecuteAsync(
        Func<TState?, DateOnly, (Decision Decision, IReadOnlyList<StreamWrite> Alongside)> decide,
        long? expectedVersion,
        CancellationToken cancellationToken)
    {
        var context = CommandContext.Current();
        if (_belongsElsewhere)
        {
            return CommandResult.Rejected(Rejection.NotFound("The record"), _version);
        }

        for (var attempt = 1; ; attempt++)
        {
            // A retry of a keyed command that was written already (its answer lost to a crash or an outage) is
            // answered as done, before anything that its own write has made stale (If-Match, the rules) is checked.
            if (await eventStore.FindWriteAsync(StreamId, context, cancellationToken) is { } written)
            {
                return written.Fingerprint == context.Keyed!.Fingerprint
                    ? CommandResult.Accepted(written.Version)
                    : CommandResult.Rejected(Rejection.KeyReused(), _version);
            }

            if (expectedVersion is { } expected && expected != _version)
            {
                // The caller may have read a newer version than this activation holds: look before refusing.
                await ReloadAsync(CancellationToken.None);
                if (expected != _version)
                {
                    return CommandResult.Rejected(Rejection.StaleVersion(expected, _version), _version);
                }
            }

            var today = DateOnly.FromDateTime((context.RecordedAt ?? clock.GetUtcNow()).UtcDateTime);
            var (decision, alongside) = decide(_state, today);
            if (decision.Rejection is { } rejection)
            {
                return CommandResult.Rejected(rejection, _version);
            }

            if (decision.Events.Count == 0)
            {
                return CommandResult.Accepted(_version);
            }

            var after = EventSourced.Fold(decision.Events, _state)!;
            try
            {
                var appended = await eventStore.AppendEventsAsync(
                    [StreamWrite.Of(StreamId, _version, decision.Events, _state, after, _record), .. alongside], context, cancellationToken);
                _record = appended.Events.Aggregate(_record, (record, e) => StreamRecord<TState>.Advance(record, StreamId, e));
                _version = appended.Version;
                _state = after;
                await OnAppendedAsync();
                return CommandResult.Accepted(_version);
            }
            catch (StreamVersionConflictException)
            {
                await ReloadAsync(CancellationToken.None);
                if (attempt > 1)
                {
                    return CommandResult.Rejected(
                        Rejection.Conflict("concurrent_change", "The record was changed by someone else at the same time. Reload it and try again."),
                        _version);
                }
            }
            catch (UniqueKeyTakenException e)
            {
                return CommandResult.Rejected(
                    Rejection.Conflict("duplicate", $"Another active record already uses {e.Key.Scope} '{e.Key.Value}'."),
                    _version);
            }
        }
    }

    /// <summary>Runs after each committed append, e.g. to keep a reminder in step with the new state.</summary>
    protected virtual Task OnAppendedAsync() => Task.CompletedTask;

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var loaded = await eventStore.LoadAsync<TState>(StreamId, cancellationToken);
        (_state, _version, _belongsElsewhere, _record) = (loaded.State, loaded.Version, loaded.BelongsElsewhere, loaded.Record);
    }
}
