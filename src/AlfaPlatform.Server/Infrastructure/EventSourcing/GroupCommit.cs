using System.Diagnostics;
using System.Threading.Channels;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// Appends that arrive while a transaction is in flight wait for the next one and share it: under load each commit
/// (PostgreSQL's write-ahead log flush, the round trips) serves a whole group, and alone an append commits at once, with
/// no timer to wait for. <see cref="Writers"/> transactions run at a time, so one group's commit overlaps the next
/// group's statements. Each append's outcome is its own: the transaction runner decides, append by append, which are
/// refused, and completes every one of them.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>Transactions in flight at once: two keep the database busy while the other group is being prepared.</summary>
    public const int Writers = 2;

    /// <summary>The most appends one transaction takes: a bound on how long a group holds its streams' locks.</summary>
    public const int MaxGroup = 256;

    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Func<IReadOnlyList<PendingAppend>, Task> _commit;
    private readonly Task[] _writers;

    /// <param name="commit">Commits a group and completes every append in it; it must not throw.</param>
    public GroupCommit(Func<IReadOnlyList<PendingAppend>, Task> commit)
    {
        _commit = commit;
        using (ExecutionContext.SuppressFlow()) // the writers serve every caller: none of them inherits one's trace or context
        {
            _writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync))];
        }
    }

    /// <summary>Queues <paramref name="writes"/> for the next group; completes once its transaction has committed or refused it.</summary>
    /// <param name="commands">Whose the deciding stream's events are, in order: one command, or a grain's batch of them.</param>
    public Task<Appended> AppendAsync(IReadOnlyList<StreamWrite> writes, IReadOnlyList<CommandShare> commands)
    {
        var pending = new PendingAppend(writes, commands, Activity.Current?.Context);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit), "The event store is shutting down: nothing was written.");
        }

        return pending.Outcome.Task;
    }

    private async Task WriteAsync()
    {
        var group = new List<PendingAppend>(MaxGroup);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count > 0)
            {
                try
                {
                    await _commit(group);
                }
                catch (Exception e)
                {
                    // A fault of the runner itself: its appends fail with it, and the writer lives on for the next group.
                    foreach (var pending in group)
                    {
                        pending.Outcome.TrySetException(e);
                    }
                }

                group.Clear();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_writers); // what was queued still commits: each caller gets its outcome
    }
}

/// <summary>One append waiting for its group: what it writes, for whom, the trace it belongs to, and its outcome.</summary>
public sealed record PendingAppend(IReadOnlyList<StreamWrite> Writes, IReadOnlyList<CommandShare> Commands, ActivityContext? Trace)
{
    public TaskCompletionSource<Appended> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamWrite Decider => Writes[0];
}

/// <summary>
/// One command's share of an append: who asked, and how many of the deciding stream's events (in order) are its own.
/// An append is one command's, or a batch of commands a grain decided one after the other: each keeps its own metadata
/// and Idempotency-Key record, and all commit or none.
/// </summary>
public sealed record CommandShare(CommandContext Context, int Events);
