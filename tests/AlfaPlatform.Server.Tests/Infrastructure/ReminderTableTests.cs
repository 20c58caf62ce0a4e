using AlfaPlatform.Server.Infrastructure.Reminders;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// The reminder table's contract as Orleans relies on it, against real PostgreSQL through the table the silo uses.
/// Rows start a day from now, so the silo's own reminder service never loads them while the tests run.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReminderTableTests(PlatformFixture platform)
{
    private readonly IReminderTable _table = platform.App.Services.GetRequiredService<IReminderTable>();

    private GrainId NewGrain() => platform.Grains.GetGrain<IReminderProbeGrain>(Guid.NewGuid().ToString("N")).GetGrainId();

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan? period = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UtcNow.AddDays(1),
        Period = period ?? TimeSpan.FromDays(1),
    };

    [Fact]
    public void the_silo_keeps_its_reminders_in_the_marten_table() => Assert.IsType<MartenReminderTable>(_table);

    [Fact]
    public async Task an_upserted_reminder_reads_back_by_grain_and_by_name()
    {
        var grain = NewGrain();
        var screening = Entry(grain, "screening-due", TimeSpan.FromDays(5));
        var answer = Entry(grain, "answer-due", TimeSpan.FromDays(10));
        var screeningETag = await _table.UpsertRow(screening);
        await _table.UpsertRow(answer);
        await _table.UpsertRow(Entry(NewGrain(), "screening-due")); // another grain's reminder of the same name

        var rows = (await _table.ReadRows(grain)).Reminders;
        var row = await _table.ReadRow(grain, "screening-due");

        Assert.Equal(["answer-due", "screening-due"], rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(grain, r.GrainId));
        Assert.NotNull(row);
        Assert.Equal(grain, row.GrainId);
        Assert.Equal(screeningETag, row.ETag);
        Assert.Equal(TimeSpan.FromDays(5), row.Period);
        Assert.Equal(screening.StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Null(await _table.ReadRow(grain, "no-such-reminder"));
        Assert.Empty((await _table.ReadRows(NewGrain())).Reminders);
    }

    [Fact]
    public async Task every_upsert_gives_the_row_a_new_etag_and_replaces_it()
    {
        var grain = NewGrain();
        var first = await _table.UpsertRow(Entry(grain, "screening-due", TimeSpan.FromDays(1)));
        var second = await _table.UpsertRow(Entry(grain, "screening-due", TimeSpan.FromDays(2)));

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
        var row = Assert.Single((await _table.ReadRows(grain)).Reminders);
        Assert.Equal(second, row.ETag);
        Assert.Equal(TimeSpan.FromDays(2), row.Period);
    }

    [Fact]
    public async Task a_removal_naming_a_stale_etag_is_refused_and_the_row_stays()
    {
        var grain = NewGrain();
        var stale = await _table.UpsertRow(Entry(grain, "screening-due"));
        var current = await _table.UpsertRow(Entry(grain, "screening-due"));

        Assert.False(await _table.RemoveRow(grain, "screening-due", stale!));
        Assert.False(await _table.RemoveRow(grain, "no-such-reminder", current!));
        Assert.Equal(current, (await _table.ReadRow(grain, "screening-due"))?.ETag);
    }

    [Fact]
    public async Task a_removal_naming_the_current_etag_removes_only_that_row()
    {
        var grain = NewGrain();
        var etag = await _table.UpsertRow(Entry(grain, "screening-due"));
        await _table.UpsertRow(Entry(grain, "answer-due"));

        Assert.True(await _table.RemoveRow(grain, "screening-due", etag!));

        Assert.Null(await _table.ReadRow(grain, "screening-due"));
        Assert.Equal("answer-due", Assert.Single((await _table.ReadRows(grain)).Reminders).ReminderName);
        Assert.False(await _table.RemoveRow(grain, "screening-due", etag!)); // already gone
    }

    [Fact]
    public async Task a_hash_range_holds_the_grains_after_its_start_up_to_and_including_its_end()
    {
        var ring = await SpreadOverTheRingAsync();
        // Hashes are unsigned: a range across 2^31 only works if PostgreSQL does not compare them as signed integers.
        var low = ring.Last(r => r.Hash < 0x8000_0000);
        var high = ring.First(r => r.Hash >= 0x8000_0000);
        var begin = ring[ring.IndexOf(low) - 1];
        var end = ring[ring.IndexOf(high) + 1];

        var found = await ReadRangeAsync(begin.Hash, end.Hash, ring);

        Assert.Equal(ring.Where(r => r.Hash > begin.Hash && r.Hash <= end.Hash).Select(r => r.Grain), found);
        Assert.DoesNotContain(begin.Grain, found); // the start is exclusive
        Assert.Contains(end.Grain, found); // the end is inclusive
        Assert.Contains(low.Grain, found);
        Assert.Contains(high.Grain, found);
    }

    [Fact]
    public async Task a_hash_range_that_wraps_holds_the_grains_above_its_start_and_up_to_its_end()
    {
        var ring = await SpreadOverTheRingAsync();
        var begin = ring[^2];
        var end = ring[1];

        var found = await ReadRangeAsync(begin.Hash, end.Hash, ring);

        Assert.Equal([ring[0].Grain, ring[1].Grain, ring[^1].Grain], found);
        Assert.Equal(ring.Select(r => r.Grain), await ReadRangeAsync(begin.Hash, begin.Hash, ring)); // begin = end: the whole ring
    }

    [Fact]
    public async Task clearing_the_table_removes_every_reminder()
    {
        var grain = NewGrain();
        await _table.UpsertRow(Entry(grain, "screening-due"));

        await _table.TestOnlyClearTable();

        Assert.Empty((await _table.ReadRows(grain)).Reminders);
        Assert.Empty((await _table.ReadRows(0, 0)).Reminders);
    }

    /// <summary>Reminders for grains on both halves of the ring (at least three each), ordered by unsigned hash.</summary>
    private async Task<List<(GrainId Grain, uint Hash)>> SpreadOverTheRingAsync()
    {
        var ring = new List<(GrainId Grain, uint Hash)>();
        while (ring.Count(r => r.Hash < 0x8000_0000) < 3 || ring.Count(r => r.Hash >= 0x8000_0000) < 3)
        {
            var grain = NewGrain();
            ring.Add((grain, grain.GetUniformHashCode()));
        }

        foreach (var (grain, _) in ring)
        {
            await _table.UpsertRow(Entry(grain, "screening-due"));
        }

        return [.. ring.OrderBy(r => r.Hash)];
    }

    /// <summary>The grains of <paramref name="ring"/> the table returns for (begin, end], others' rows left aside.</summary>
    private async Task<List<GrainId>> ReadRangeAsync(uint begin, uint end, List<(GrainId Grain, uint Hash)> ring)
    {
        var ours = ring.Select(r => r.Grain).ToHashSet();
        var rows = (await _table.ReadRows(begin, end)).Reminders;
        return [.. rows.Select(r => r.GrainId).Where(ours.Contains).OrderBy(g => g.GetUniformHashCode())];
    }
}

/// <summary>Reminders registered by a real grain through Orleans, across a restart of the whole platform.</summary>
public sealed class ReminderRestartTests : OwnDatabaseTests
{
    private static readonly Dictionary<string, string?> FastReminders = new() { ["Orleans:MinimumReminderPeriod"] = "00:00:01" };

    [Fact]
    public async Task a_reminder_registered_by_a_grain_survives_a_restart_and_ticks_on_the_new_silo()
    {
        var first = await StartAsync(settings: FastReminders);
        var key = Guid.NewGuid().ToString("N");
        var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key);
        await grain.RemindAsync("screening-due", dueTime: TimeSpan.FromSeconds(1), period: TimeSpan.FromSeconds(1));
        var registered = await first.Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), "screening-due");
        Assert.NotNull(registered);
        await StopAsync(first);

        var second = await StartAsync(settings: FastReminders);
        var kept = await second.Services.GetRequiredService<IReminderTable>().ReadRow(grain.GetGrainId(), "screening-due");

        Assert.NotNull(kept);
        Assert.Equal(registered.ETag, kept.ETag);
        Assert.Equal(TimeSpan.FromSeconds(1), kept.Period);
        // The new silo's reminder service finds the row and wakes the grain: a fresh activation counts the ticks.
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await again.TicksAsync("screening-due") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reminder never ticked on the restarted platform");
            await Task.Delay(100);
        }
    }
}

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task RemindAsync(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>How many times this activation was reminded of <paramref name="name"/>.</summary>
    Task<int> TicksAsync(string name);
}

/// <summary>A grain that only registers reminders and counts their ticks, as a deadline-keeping grain would.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    private readonly Dictionary<string, int> _ticks = [];

    public Task RemindAsync(string name, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterOrUpdateReminder(name, dueTime, period);

    public Task<int> TicksAsync(string name) => Task.FromResult(_ticks.GetValueOrDefault(name));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _ticks[reminderName] = _ticks.GetValueOrDefault(reminderName) + 1;
        return Task.CompletedTask;
    }
}
