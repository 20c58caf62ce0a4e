using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>
/// A node answers a token's subject from what it knows only while it hears of every change: a change another node
/// commits (its notification) is heard at once, and one made while the node could not listen is not missed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SubjectStandingsTests(PlatformFixture platform)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task a_subject_is_read_once_then_answered_from_the_node_until_a_commit_elsewhere_names_it()
    {
        var (accountId, token) = await NewAccountAsync();
        await KnownAfterACallAsync(accountId, token);

        await DeactivateUnheardAsync(accountId); // the row changes, and no node is told
        Assert.Equal(HttpStatusCode.OK, await CallWith(token)); // answered from what the node knows

        await using (var notify = new NpgsqlCommand("select pg_notify(@channel, @key)", await OpenAsync()))
        {
            notify.Parameters.AddWithValue("channel", SubjectChangeNotifier.ChannelOf(platform.Store.Options.DatabaseSchemaName));
            notify.Parameters.AddWithValue("key", SubjectStandings.AccountKey(accountId)); // as another node's commit sends it
            await notify.ExecuteNonQueryAsync();
        }

        Assert.True(await RefusedWithinAsync(token));
    }

    [Fact]
    public async Task a_change_made_while_the_node_could_not_listen_is_not_missed()
    {
        var (accountId, token) = await NewAccountAsync();
        await KnownAfterACallAsync(accountId, token);

        await using (var cut = new NpgsqlCommand(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and query like '%subject_changes%' and pid <> pg_backend_pid()",
            await OpenAsync()))
        {
            Assert.True((long)(await cut.ExecuteScalarAsync())! >= 1); // this node's listener (and any other node's on this database)
        }

        await DeactivateUnheardAsync(accountId);

        Assert.True(await RefusedWithinAsync(token));
    }

    private async Task<(Guid AccountId, string Token)> NewAccountAsync()
    {
        var userName = $"standing-{Guid.NewGuid():N}@example.org";
        var created = await (await platform.Client.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = "Standing", roles = new[] { "member" }, password = "a-long-enough-password",
        })).ReadAsync<JsonElement>();
        return (created.GetProperty("account").GetProperty("id").GetGuid(), await Accounts.TokenAsync(platform.Anonymous, userName, "a-long-enough-password"));
    }

    /// <summary>
    /// Calls until the node keeps the account: a read is not kept when a change was heard while it ran, and the
    /// notifications of the account's own opening and sign-in may still be on their way.
    /// </summary>
    private async Task KnownAfterACallAsync(Guid accountId, string token)
    {
        var standings = platform.App.Services.GetRequiredService<SubjectStandings>();
        var waited = Stopwatch.StartNew();
        do
        {
            Assert.Equal(HttpStatusCode.OK, await CallWith(token));
        }
        while (!standings.TryGet(SubjectStandings.AccountKey(accountId), out _) && waited.Elapsed < GiveUpAfter);

        Assert.True(standings.TryGet(SubjectStandings.AccountKey(accountId), out _));
    }

    /// <summary>Deactivates the account in its row directly: a change no session announces.</summary>
    private async Task DeactivateUnheardAsync(Guid accountId)
    {
        await using var connection = await OpenAsync();
        await using var update = new NpgsqlCommand(
            $"update {platform.Store.Options.DatabaseSchemaName}.mt_doc_account set data = jsonb_set(data, '{{isActive}}', 'false') where id = @id", connection);
        update.Parameters.AddWithValue("id", accountId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    private async Task<bool> RefusedWithinAsync(string token)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < GiveUpAfter)
        {
            if (await CallWith(token) == HttpStatusCode.Unauthorized)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private Task<HttpStatusCode> CallWith(string token) => Accounts.StatusWithTokenAsync(platform.Anonymous, token);
}

/// <summary>The node's memory of subjects on its own: what it keeps, when it forgets, and when it trusts nothing.</summary>
public sealed class SubjectStandingsMemoryTests
{
    private static readonly KnownSubject Active = new(IsActive: true, SessionStamp: "stamp", MustChangePassword: false);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void nothing_is_kept_until_the_node_listens_nor_once_it_stops()
    {
        var standings = new SubjectStandings(_clock);
        standings.Keep("account:a", Active, standings.Generation);
        Assert.False(standings.TryGet("account:a", out _));

        standings.StartKeeping();
        standings.Keep("account:a", Active, standings.Generation);
        Assert.True(standings.TryGet("account:a", out var known));
        Assert.Equal(Active, known);

        standings.StopKeeping();
        Assert.False(standings.TryGet("account:a", out _));
        standings.StartKeeping();
        Assert.False(standings.TryGet("account:a", out _)); // what was kept before the gap is not trusted after it
    }

    [Fact]
    public void a_change_forgets_the_subjects_it_names_or_everyone()
    {
        var standings = new SubjectStandings(_clock);
        standings.StartKeeping();
        foreach (var key in new[] { "account:a", "account:b", "client:c" })
        {
            standings.Keep(key, Active, standings.Generation);
        }

        standings.Forget("account:a,client:c");
        Assert.False(standings.TryGet("account:a", out _));
        Assert.True(standings.TryGet("account:b", out _));
        Assert.False(standings.TryGet("client:c", out _));

        standings.Forget(SubjectStandings.Everyone);
        Assert.False(standings.TryGet("account:b", out _));
    }

    [Fact]
    public void a_read_that_a_change_overtook_is_not_kept()
    {
        var standings = new SubjectStandings(_clock);
        standings.StartKeeping();
        var beforeTheRead = standings.Generation;
        standings.Forget("account:someone-else"); // heard while the read was on its way

        standings.Keep("account:a", Active, beforeTheRead);

        Assert.False(standings.TryGet("account:a", out _));
    }

    [Fact]
    public void a_subject_is_read_again_once_it_has_been_kept_for_the_longest_time()
    {
        var standings = new SubjectStandings(_clock);
        standings.StartKeeping();
        standings.Keep("account:a", Active, standings.Generation);

        _clock.Advance(SubjectStandings.MaxAge - TimeSpan.FromSeconds(1));
        Assert.True(standings.TryGet("account:a", out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(standings.TryGet("account:a", out _));
    }
}
