using System.Collections.Concurrent;
using Marten;
using Marten.Services;
using Npgsql;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// What a node knows of the accounts and API clients that sign its requests (<see cref="Contracts.TokenSubjects"/>),
/// so that a request does not read its subject from the database every time. Kept only while the node listens for
/// their changes (<see cref="SubjectChangeListener"/>): a commit that changes an account or a client forgets it here at
/// once and tells every other node, which forgets it when PostgreSQL delivers the notification (milliseconds). A node
/// that is not listening reads every subject from the database, as if there were no cache; an entry also lapses after
/// <see cref="MaxAge"/>, should a change reach the database some other way.
/// </summary>
public sealed class SubjectStandings(TimeProvider clock)
{
    /// <summary>The longest a subject is trusted without reading it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The notification payload that makes every node forget every subject (too many to name).</summary>
    public const string Everyone = "*";

    private readonly ConcurrentDictionary<string, (KnownSubject Subject, long At)> _known = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private long _generation;
    private volatile bool _listening;

    public static string AccountKey(Guid accountId) => $"account:{accountId:N}";

    public static string ClientKey(string clientId) => $"client:{clientId}";

    /// <summary>Taken before a read from the database: what the read finds is kept only if nothing was forgotten meanwhile.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out KnownSubject subject)
    {
        subject = default;
        if (!_listening || !_known.TryGetValue(key, out var known) || clock.GetElapsedTime(known.At) >= MaxAge)
        {
            return false;
        }

        subject = known.Subject;
        return true;
    }

    /// <summary>
    /// Keeps what a read found, unless a change was heard since <paramref name="generation"/> (the read may have missed
    /// it) or the node is not listening (a change would go unheard).
    /// </summary>
    public void Keep(string key, KnownSubject subject, long generation)
    {
        // Under the same lock as Forget, so that no read a change overtook is kept even for an instant. Both are rare:
        // a read is kept once per subject, and changes of accounts are few.
        lock (_changes)
        {
            if (_listening && Generation == generation)
            {
                _known[key] = (subject, clock.GetTimestamp());
            }
        }
    }

    /// <summary>Forgets the subjects a change names (comma-separated keys, or <see cref="Everyone"/>).</summary>
    public void Forget(string keys)
    {
        lock (_changes)
        {
            Interlocked.Increment(ref _generation);
            if (keys == Everyone)
            {
                _known.Clear();
                return;
            }

            foreach (var key in keys.Split(','))
            {
                _known.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The listener is on: from now on changes are heard, so what is read may be kept.</summary>
    public void StartKeeping()
    {
        Forget(Everyone); // changes made while no one listened were not heard
        _listening = true;
    }

    /// <summary>The listener is off: nothing is kept nor trusted until it listens again.</summary>
    public void StopKeeping()
    {
        _listening = false;
        Forget(Everyone);
    }
}

/// <summary>What a token's subject was found to be: its standing's parts; a subject not found is the default, inactive.</summary>
public readonly record struct KnownSubject(bool IsActive, string? SessionStamp, bool MustChangePassword);

/// <summary>
/// Listens for changes of accounts and API clients (PostgreSQL's LISTEN, on a connection of its own) and makes this
/// node's <see cref="SubjectStandings"/> forget them; while it cannot listen, the node keeps nothing.
/// </summary>
public sealed partial class SubjectChangeListener(
    NpgsqlDataSource database, IDocumentStore store, SubjectStandings standings, ILogger<SubjectChangeListener> logger) : BackgroundService
{
    /// <summary>How long the connection may stay silent before it is asked whether it is still there.</summary>
    private static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = SubjectChangeNotifier.ChannelOf(store.Options.DatabaseSchemaName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(channel, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                standings.StopKeeping();
                LogListenerLost(logger, e);
                await Task.Delay(RetryAfter, stoppingToken);
            }
            finally
            {
                standings.StopKeeping();
            }
        }
    }

    private async Task ListenAsync(string channel, CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notification) => standings.Forget(notification.Payload);
        await using (var listen = new NpgsqlCommand($"listen \"{channel}\"", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        standings.StartKeeping();
        while (true)
        {
            if (!await connection.WaitAsync(ProbeAfter, stoppingToken))
            {
                // Silence: make sure it is not a connection that died without closing (the channel named, for pg_stat_activity).
                await using var probe = new NpgsqlCommand($"select '{channel}'", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the listener for account changes: every request reads its subject from the database until it is back")]
    private static partial void LogListenerLost(ILogger logger, Exception exception);
}

/// <summary>
/// A Marten session that changes accounts or API clients tells every node when it commits (a notification sent in its
/// transaction, so only once it is committed), and forgets them on this node right after the commit.
/// </summary>
public sealed class SubjectChangeNotifier(SubjectStandings? standings) : DocumentSessionListenerBase
{
    /// <summary>More changed subjects than this in one commit are sent as <see cref="SubjectStandings.Everyone"/>.</summary>
    private const int MostNamed = 100;

    /// <summary>The notification channel, one per schema (so platforms sharing a database do not hear each other), in lower case as LISTEN folds it.</summary>
    public static string ChannelOf(string schema) => $"{schema}_subject_changes".ToLowerInvariant();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var changes = session.PendingChanges;
        if (Keys(changes.AllChangedFor<Account>(), changes.AllChangedFor<ApiClient>(), changes.Deletions()) is { } keys)
        {
            session.QueueSqlCommand("select pg_notify(?, ?)", ChannelOf(session.DocumentStore.Options.DatabaseSchemaName), keys);
        }

        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // Every commit passes here: a node that keeps no subjects (it serves no requests) has nothing to look for.
        if (standings is not null)
        {
            var changed = commit.Inserted.Concat(commit.Updated);
            if (Keys(changed.OfType<Account>(), changed.OfType<ApiClient>(), commit.Deleted) is { } keys)
            {
                standings.Forget(keys);
            }
        }

        return Task.CompletedTask;
    }

    private static string? Keys(IEnumerable<Account> accounts, IEnumerable<ApiClient> clients, IEnumerable<Weasel.Storage.IDeletion> deletions)
    {
        if (deletions.Any(d => d.DocumentType == typeof(Account) || d.DocumentType == typeof(ApiClient)))
        {
            return SubjectStandings.Everyone; // deletions are rare, and may name no identity (a delete by query)
        }

        var keys = accounts.Select(a => SubjectStandings.AccountKey(a.Id)).Concat(clients.Select(c => SubjectStandings.ClientKey(c.Id))).Distinct().ToList();
        return keys.Count switch
        {
            0 => null,
            > MostNamed => SubjectStandings.Everyone,
            _ => string.Join(',', keys),
        };
    }
}
