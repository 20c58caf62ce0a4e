using Marten;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Infrastructure.EventSourcing;

/// <summary>
/// That one command of a request sent with an Idempotency-Key wrote to a stream, stored in the same transaction as
/// the events it appended. A retry after any crash finds it, so the command is answered as done and not run again,
/// or does not, and then nothing of that command was written. See ADR 0011.
/// </summary>
/// <param name="Id">The key's record id, the stream and the command's fingerprint: <see cref="IdempotentWrites.IdOf"/>.</param>
/// <param name="Version">The stream's version after the write (0 where the writer does not count versions).</param>
public sealed record IdempotentWrite(string Id, string Key, string Step, Guid StreamId, string Fingerprint, long Version, DateTimeOffset At);

public sealed class IdempotencySettings
{
    /// <summary>How long a key's answer and writes are kept for retries; a retry after that is a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Records and finds <see cref="IdempotentWrite"/>s, ignoring those past their retention.</summary>
public sealed class IdempotentWrites(IOptions<IdempotencySettings> settings, TimeProvider clock)
{
    public static string IdOf(KeyedCommand keyed, Guid streamId) => $"{keyed.Key}/{streamId:N}/{keyed.Step}";

    /// <summary>Adds the record of the keyed command's write, if it has a key, to the session that writes it.</summary>
    public static void Record(IDocumentSession session, CommandContext context, Guid streamId, long version, DateTimeOffset at)
    {
        if (context.Keyed is { } keyed)
        {
            // Store, not insert: a record past its retention may still be there, and the stream's expected version
            // already keeps two runs of one command from both writing.
            session.Store(new IdempotentWrite(IdOf(keyed, streamId), keyed.Key, keyed.Step, streamId, keyed.Fingerprint, version, at));
        }
    }

    /// <summary>What this command already wrote to the stream under its key, if it did (within the retention).</summary>
    public async Task<IdempotentWrite?> FindAsync(IQuerySession session, KeyedCommand keyed, Guid streamId, CancellationToken cancellationToken)
    {
        var written = await session.LoadAsync<IdempotentWrite>(IdOf(keyed, streamId), cancellationToken);
        return written is not null && written.At >= Forgotten ? written : null;
    }

    /// <summary>Whether the keyed command wrote anything, to any stream (within the retention).</summary>
    public async Task<bool> AnyAsync(IQuerySession session, KeyedCommand keyed, CancellationToken cancellationToken)
    {
        var (key, step, forgotten) = (keyed.Key, keyed.Step, Forgotten);
        return await session.Query<IdempotentWrite>().AnyAsync(w => w.Key == key && w.Step == step && w.At >= forgotten, cancellationToken);
    }

    /// <summary>Whether any command of the request sent with this key (its record id) wrote anything (within the retention).</summary>
    public async Task<bool> AnyForKeyAsync(IQuerySession session, string key, CancellationToken cancellationToken)
    {
        var forgotten = Forgotten;
        return await session.Query<IdempotentWrite>().AnyAsync(w => w.Key == key && w.At >= forgotten, cancellationToken);
    }

    /// <summary>The answer to a retry of a keyed write whose first answer held a secret shown once (never kept).</summary>
    public static readonly Domain.Common.Rejection SecretNotKept = Domain.Common.Rejection.Conflict(
        "idempotent_secret_not_kept",
        "The request with this Idempotency-Key was done; its answer held a secret shown once, which is not kept.");

    public DateTimeOffset Forgotten => clock.GetUtcNow() - settings.Value.Retention;
}
