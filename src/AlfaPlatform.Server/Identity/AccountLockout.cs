using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Hosting;
using AlfaPlatform.Server.Infrastructure.Http;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace AlfaPlatform.Server.Identity;

/// <summary>
/// Failed passwords counted per user name, beside the per-address budget (<see cref="RateLimits"/>), so guesses
/// spread over many addresses still stop: after <c>RateLimits:FailedSignInsPerAccount</c> failures (default 10)
/// within <c>RateLimits:AccountLockout</c> (default 15 minutes) of the first, the account refuses every password,
/// the right one too, until that period has passed since the last failure counted. A right password before then
/// clears the count. The count is kept in PostgreSQL, one row a user name changed by a single statement, so every
/// gateway sees and adds to the same count at once; no node keeps a copy that could go stale. User names are
/// counted whether or not an account has them (so the lockout tells nothing about which exist), and stored only as
/// a hash: a password typed into the user name field is not kept. Changing one's password proves the current one,
/// so its failures count too, and a locked account cannot change it either.
/// </summary>
public sealed class AccountLockout(NpgsqlDataSource dataSource, IDocumentStore store, PlatformClock clock, IConfiguration configuration)
{
    private const string TableName = "sign_in_failures";

    private readonly int _limit = Math.Max(1, configuration.GetValue("RateLimits:FailedSignInsPerAccount", 10));
    private readonly TimeSpan _period = configuration.GetValue("RateLimits:AccountLockout", TimeSpan.FromMinutes(15));
    private readonly string _table = $"{store.Options.DatabaseSchemaName}.{TableName}";

    /// <summary>The table, created and kept up to date with Marten's own (see <see cref="IdentityModule"/>).</summary>
    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("account_key", "text").AsPrimaryKey();
        table.AddColumn("failures", "integer").NotNull();
        table.AddColumn("window_started_at", "timestamp with time zone").NotNull();
        table.AddColumn("locked_until", "timestamp with time zone");
        return table;
    }

    /// <summary>
    /// Counts an attempt before its password is checked, in one statement, so that guesses sent at the same time
    /// cannot all slip in before the lock lands: a new window once the last one has run out (or its lockout ended),
    /// the lock from the attempt that reaches the limit (which is still checked). Returns how long the user name stays
    /// locked when this attempt is over the limit (refuse it), else null. A right password then clears the count
    /// (<see cref="SucceededAsync"/>); a wrong one stays counted.
    /// </summary>
    public async Task<TimeSpan?> AttemptAsync(string userName, CancellationToken cancellationToken)
    {
        const string fresh = "(f.window_started_at <= @now - @period or f.locked_until <= @now)";
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand($"""
            insert into {_table} as f (account_key, failures, window_started_at, locked_until)
            values (@key, 1, @now, case when @limit <= 1 then @now + @period end)
            on conflict (account_key) do update set
                failures = case when {fresh} then 1 else f.failures + 1 end,
                window_started_at = case when {fresh} then @now else f.window_started_at end,
                locked_until = case
                    when {fresh} then case when @limit <= 1 then @now + @period end
                    when f.failures + 1 >= @limit then coalesce(f.locked_until, @now + @period)
                    else f.locked_until end
            returning failures, locked_until
            """);
        AddParameters(command.Parameters, userName, now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt32(0) > _limit && !reader.IsDBNull(1) && new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero) is var until && until > now
            ? until - now
            : null;
    }

    /// <summary>A wrong password (already counted): rows that no longer lock or count anything are cleared on the way.</summary>
    public async Task FailedAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            delete from {_table}
            where account_key <> @key and window_started_at <= @now - @period and (locked_until is null or locked_until <= @now)
            """);
        AddParameters(command.Parameters, userName, clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A right password: the count starts again.</summary>
    public async Task SucceededAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"delete from {_table} where account_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = Key(userName) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddParameters(NpgsqlParameterCollection parameters, string userName, DateTimeOffset now)
    {
        parameters.AddWithValue("key", Key(userName));
        parameters.AddWithValue("now", now);
        parameters.AddWithValue("period", _period);
        parameters.AddWithValue("limit", _limit);
    }

    private static string Key(string userName) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Account.Normalise(userName))));
}

/// <summary>A password was offered for a locked user name: answered 429 with <see cref="RetryAfter"/> (see <c>ProblemMapping</c>).</summary>
public sealed class AccountLockedException(TimeSpan retryAfter) : TooManyAttemptsException(retryAfter, SignIn.LockedDescription);
