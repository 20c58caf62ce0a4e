using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// As of a day after a record's last change, the record is read as it is; before, it is folded from its events
/// (<see cref="StreamHistory"/>). Over a history imported with its own dates (the dashboards' fixture's, beside what
/// the platform seeds), every kind's answers must be the fold's on every day an event happened, the day before and the
/// day after.
/// </summary>
[Collection(DashboardHistoryCollection.Name)]
public sealed class AsOfAcrossHistoryTests(DashboardHistoryFixture history)
{
    private readonly PlatformFixture _platform = history.Platform;

    [Fact]
    public async Task lists_and_records_as_of_any_day_are_what_their_events_known_by_then_fold_to()
    {
        await using var session = _platform.Store.QuerySession();
        var days = await DaysAroundEveryEventAsync(session);

        // Every kind here keeps the days its records stood as they were (RecordDays): read there, not folded.
        Assert.NotEmpty(await KeptDaysAsync(session, [history.Net1, history.Net2, history.Acme]));
        Assert.NotEmpty(await KeptDaysAsync(session, [history.Team]));
        Assert.NotEmpty(await KeptDaysAsync(session, [history.R1, history.R2, history.R3]));
        Assert.NotEmpty(await KeptDaysAsync(session, [history.Symposium]));
        await AssertAsTheFoldAsync<Organisation>(session, days, [history.Net1, history.Net2, history.Acme]);
        await AssertAsTheFoldAsync<Team>(session, days, [history.Team]);
        await AssertAsTheFoldAsync<Person>(session, days, [history.Ada, history.Bruno, history.Chloe]);
        await AssertAsTheFoldAsync<CollaborationRequest>(session, days, [history.R1, history.R2, history.R3]);
        await AssertAsTheFoldAsync<Meeting>(session, days, [history.Symposium]);
    }

    [Fact]
    public async Task a_list_of_a_day_long_past_finds_the_records_created_by_then_through_an_index()
    {
        await AssertCreatedByFoundThroughAnIndexAsync<Organisation>();
        await AssertCreatedByFoundThroughAnIndexAsync<Team>();
        await AssertCreatedByFoundThroughAnIndexAsync<Person>();
        await AssertCreatedByFoundThroughAnIndexAsync<CollaborationRequest>();
        await AssertCreatedByFoundThroughAnIndexAsync<Meeting>();
    }

    [Fact]
    public async Task the_past_days_written_from_the_events_are_those_the_appends_wrote()
    {
        Guid[] ids = [history.Net1, history.Net2, history.Acme, history.Team, history.R1, history.R2, history.R3, history.Symposium];
        var table = $"{_platform.Store.Options.DatabaseSchemaName}.{RecordDays.TableName}";
        var rows = $"select concat_ws(' ', id, from_day, until_day, version, data) from {table} where id = any(?) order by id, from_day";
        await using var session = _platform.Store.QuerySession();
        var appended = await session.AdvancedSql.QueryAsync<string>(rows, CancellationToken.None, (object)ids);
        Assert.NotEmpty(appended);

        var database = _platform.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using (var connection = await database.OpenConnectionAsync())
        {
            await using var forget = new Npgsql.NpgsqlCommand($"delete from {table} where id = any($1)", connection);
            forget.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
            await forget.ExecuteNonQueryAsync();
        }

        await RecordDaysFill.FillAsync<Organisation>(_platform.Store, database, CancellationToken.None);
        await RecordDaysFill.FillAsync<Team>(_platform.Store, database, CancellationToken.None);
        await RecordDaysFill.FillAsync<CollaborationRequest>(_platform.Store, database, CancellationToken.None);
        await RecordDaysFill.FillAsync<Meeting>(_platform.Store, database, CancellationToken.None);

        Assert.Equal(appended, await session.AdvancedSql.QueryAsync<string>(rows, CancellationToken.None, (object)ids));
    }

    /// <summary>The condition a list as of a past day asks (StreamHistory.AllAsOfAsync), answered by the index on the same expression.</summary>
    private async Task AssertCreatedByFoundThroughAnIndexAsync<TState>()
        where TState : class, IEventSourced<TState>
    {
        await using var session = _platform.Store.QuerySession();
        var end = StreamHistory.EndOfDay(new DateOnly(2020, 1, 1));
        var createdBy = session.Query<StreamRecord<TState>>().Where(r => r.CreatedAt <= end).ToCommand(FetchType.FetchMany);

        var plan = await QueryPlans.WithoutScansAsync(_platform.ConnectionString, createdBy);

        Assert.Contains(plan, line => line.Contains("_idx_created_at", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<DateOnly>> KeptDaysAsync(IQuerySession session, Guid[] ids) =>
        await session.AdvancedSql.QueryAsync<DateOnly>(
            $"select from_day from {session.DocumentStore.Options.DatabaseSchemaName}.{RecordDays.TableName} where id = any(?)", CancellationToken.None, (object)ids);

    private static async Task<List<DateOnly>> DaysAroundEveryEventAsync(IQuerySession session)
    {
        var instants = await session.Events.QueryAllRawEvents().Select(e => e.Timestamp).ToListAsync();
        var eventDays = instants.Select(at => DateOnly.FromDateTime(at.UtcDateTime)).ToHashSet();
        Assert.Contains(new DateOnly(2024, 9, 20), eventDays);
        return [.. eventDays.SelectMany(day => new[] { day.AddDays(-1), day, day.AddDays(1) }).Append(DateOnly.MaxValue).Distinct().Order()];
    }

    /// <summary>
    /// Every record of the kind folded from the events whose instant is by each day's end (Marten's fetch as of an
    /// instant, which ADR 0004 defines "as of" by), against the list as of that day, and against each of
    /// <paramref name="ids"/> read alone.
    /// </summary>
    private static async Task AssertAsTheFoldAsync<TState>(IQuerySession session, IReadOnlyList<DateOnly> days, Guid[] ids)
        where TState : class, IEventSourced<TState>
    {
        var streams = new Dictionary<Guid, IReadOnlyList<JasperFx.Events.IEvent>>();
        foreach (var id in await session.Query<StreamRecord<TState>>().Select(r => r.Id).ToListAsync())
        {
            streams[id] = await session.Events.FetchStreamAsync(id);
        }

        Assert.All(ids, id => Assert.Contains(id, streams.Keys));
        foreach (var day in days)
        {
            var end = StreamHistory.EndOfDay(day);
            var folded = streams
                .Select(s => StreamRecord<TState>.Fold(s.Key, s.Value.Where(e => e.Timestamp <= end)))
                .OfType<StreamRecord<TState>>()
                .ToDictionary(r => r.Id);

            var listed = await StreamHistory.AllAsOfAsync<TState>(session, day, null, CancellationToken.None);
            Assert.Equal(Json(folded.Values), Json(listed));
            foreach (var id in ids)
            {
                var alone = await StreamHistory.AsOfAsync<TState>(session, id, day, CancellationToken.None);
                Assert.Equal(JsonSerializer.Serialize(folded.GetValueOrDefault(id)), JsonSerializer.Serialize(alone));
            }
        }
    }

    private static string Json<TState>(IEnumerable<StreamRecord<TState>> records)
        where TState : class, IEventSourced<TState> =>
        JsonSerializer.Serialize(records.OrderBy(r => r.Id));
}
