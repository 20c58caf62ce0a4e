using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Dashboards;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// As of a day none of a record's events came after, the record is read as it is (<see cref="StreamHistory"/>), and as
/// of a day a kept past day covers, that day (<see cref="RecordDays"/>): seen through a state no event gives, written
/// into the record or the day, which only a read of them shows. On a platform of its own, so that the records it adds
/// and plants are in no other test's lists or dashboards.
/// </summary>
public sealed class AsOfFromRecordsTests : OwnDatabaseTests
{
    [Fact]
    public async Task a_record_is_read_as_it_is_as_of_a_day_after_its_latest_event_and_folded_before_or_when_that_is_unknown()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();

        // Registered just after midnight on the 12th, then changed by a node whose clock was 90 minutes slow: the change
        // is stamped on the 11th, its record's last update too, yet nothing of it was known before the 12th.
        var id = await RegisteredAsync(app, "2024-01-12T00:30:00Z");
        await RecordedAsync(app, id, "2024-01-11T23:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));
        var record = await RecordAsync(store, id);
        Assert.Equal((2, new DateTimeOffset(2024, 1, 12, 0, 30, 0, TimeSpan.Zero)), (record.Version, record.LatestEventAt));

        // The database is this test's own and dropped with it: the planted record needs no restoring.
        var planted = record with { State = record.State with { Name = "Planted" } };
        await StoreAsync(store, planted);
        Assert.Equal(["Planted", "Planted"], await NamesAsOfAsync(store, id, new DateOnly(2024, 1, 12)));
        Assert.Empty(await NamesAsOfAsync(store, id, new DateOnly(2024, 1, 11)));

        await StoreAsync(store, planted with { LatestEventAt = null });
        Assert.Equal(["Registered", "Registered"], await NamesAsOfAsync(store, id, DateOnly.FromDateTime(DateTime.UtcNow)));
    }

    [Fact]
    public async Task a_record_stored_without_its_latest_instant_is_folded_again_at_activation_and_stored_with_it_at_the_next_change()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-01-12T00:30:00Z");

        // As the build before kept it: no latest instant. A name no event gives shows whether the grain took it as its state.
        var record = await RecordAsync(store, id);
        await StoreAsync(store, record with { LatestEventAt = null, State = record.State with { Name = "Planted" } });
        await StopAsync(app);
        app = await StartAsync();
        store = app.Services.GetRequiredService<IDocumentStore>();

        var held = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganisationGrain>(id).CurrentAsync();
        Assert.Equal(("Registered", record.LatestEventAt), (held.Record?.State.Name, held.Record?.LatestEventAt));

        await RecordedAsync(app, id, "2024-01-13T08:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));
        var changed = await RecordAsync(store, id);
        Assert.Equal(("Registered", new DateTimeOffset(2024, 1, 13, 8, 0, 0, TimeSpan.Zero)), (changed.State.Name, changed.LatestEventAt));
    }

    [Fact]
    public async Task a_record_changed_on_a_later_day_keeps_the_days_it_stood_as_it_was_and_is_read_there_as_of_them()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-03-01T10:00:00Z");
        await RecordedAsync(app, id, "2024-03-01T15:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry])); // the same day: no row
        await RecordedAsync(app, id, "2024-03-05T09:00:00Z", new DeclareCapabilities([Capability.ClinicalTrials]));
        await RecordedAsync(app, id, "2024-03-04T23:00:00Z", new DeclareCapabilities([Capability.Diagnostics])); // a slower clock: no row
        await RecordedAsync(app, id, "2024-03-09T08:00:00Z", new DeclareCapabilities([Capability.TargetDiscovery]));

        Assert.Equal([("2024-03-01", "2024-03-05", 2L), ("2024-03-05", "2024-03-09", 4L)], await KeptDaysAsync(store, id));

        // A name no event gives, planted in the first row: read as of the days it covers, and of no other.
        await PlantNameAsync(store, id, new DateOnly(2024, 3, 1), "Planted");
        Assert.Empty(await NamesAsOfAsync(store, id, new DateOnly(2024, 2, 29)));
        foreach (var day in new[] { 1, 2, 4 })
        {
            Assert.Equal(["Planted", "Planted"], await NamesAsOfAsync(store, id, new DateOnly(2024, 3, day)));
        }

        foreach (var day in new[] { 5, 8, 9, 10 })
        {
            Assert.Equal(["Registered", "Registered"], await NamesAsOfAsync(store, id, new DateOnly(2024, 3, day)));
        }
    }

    [Fact]
    public async Task past_days_missing_from_the_database_are_written_from_the_events_at_the_next_start()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-03-01T10:00:00Z");
        await RecordedAsync(app, id, "2024-03-05T09:00:00Z", new DeclareCapabilities([Capability.ClinicalTrials]));
        var appended = await KeptDaysAsync(store, id);
        Assert.Equal([("2024-03-01", "2024-03-05", 1L)], appended);

        // As a database from before the days were kept: no rows, and no fill done.
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand($"delete from {store.Options.DatabaseSchemaName}.{RecordDays.TableName}");
            session.DeleteWhere<RecordDaysFilled>(_ => true);
            await session.SaveChangesAsync();
        }

        await StopAsync(app);
        app = await StartAsync();
        store = app.Services.GetRequiredService<IDocumentStore>();
        var within = DateTime.UtcNow.AddSeconds(30);
        while ((await KeptDaysAsync(store, id)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < within, "No past days written 30 s after the start.");
            await Task.Delay(100);
        }

        Assert.Equal(appended, await KeptDaysAsync(store, id));
    }

    [Fact]
    public async Task a_stream_broken_by_another_kinds_event_gets_no_day_from_the_events_past_the_break()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-03-01T10:00:00Z", "Broken");
        await RecordedAsync(app, id, "2024-03-02T10:00:00Z", new DeclareCapabilities([Capability.ClinicalTrials]));
        await RecordedAsync(app, id, "2024-03-05T10:00:00Z", new DeclareCapabilities([Capability.Diagnostics]));
        Assert.Equal(2, (await KeptDaysAsync(store, id)).Count);

        // No grain writes this: the second version stored as another kind's event, and the days to be written again.
        var teamCreated = ((Marten.Events.EventGraph)store.Options.Events).EventMappingFor(typeof(AlfaPlatform.Domain.Teams.TeamCreated)).EventTypeName;
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand($"update {store.Options.Events.DatabaseSchemaName}.mt_events set type = ? where stream_id = ? and version = 2", teamCreated, id);
            session.QueueSqlCommand($"delete from {store.Options.DatabaseSchemaName}.{RecordDays.TableName} where id = ?", id);
            await session.SaveChangesAsync();
        }

        await RecordDaysFill.FillAsync<Organisation>(store, app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), CancellationToken.None);

        // The fold of any day from the 2nd holds the other kind's event, so no organisation: no row may say otherwise.
        Assert.Empty(await KeptDaysAsync(store, id));
    }

    [Fact]
    public async Task a_record_whose_events_an_erasure_masked_gets_no_day_from_what_its_grain_still_holds()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-03-01T10:00:00Z");

        // As an erasure's masking leaves an event (ErasureTraces), while the grain still holds the record as it was: a
        // change on a later day would write that record as the day it stood, what the masking took included.
        await using (var session = store.LightweightSession())
        {
            session.QueueSqlCommand(
                $"update {store.Options.Events.DatabaseSchemaName}.mt_events set headers = coalesce(headers, '{{}}'::jsonb) || jsonb_build_object('{EventStore.MaskedHeader}', now()::text) where stream_id = ?",
                id);
            await session.SaveChangesAsync();
        }

        await RecordedAsync(app, id, "2024-03-05T09:00:00Z", new DeclareCapabilities([Capability.ClinicalTrials]));

        Assert.Empty(await KeptDaysAsync(store, id));
        Assert.Equal(["Registered", "Registered"], await NamesAsOfAsync(store, id, new DateOnly(2024, 3, 1))); // folded
    }

    [Fact]
    public async Task a_database_whose_records_had_no_first_or_latest_instant_column_gets_them_filled_at_the_next_start()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = await RegisteredAsync(app, "2024-03-01T10:00:00Z");

        // As a database from before the columns: its records' first and latest instants in their JSON alone, the schema stamped so.
        var table = store.Options.FindOrResolveDocumentType(typeof(StreamRecord<Organisation>)).TableName.QualifiedName;
        await using (var session = store.LightweightSession())
        {
            var stamps = await session.AdvancedSql.QueryAsync<string>(
                "select table_schema || '.' || table_name from information_schema.tables where table_name = 'weasel_schema_fingerprints'", CancellationToken.None);
            session.QueueSqlCommand($"alter table {table} drop column created_at, drop column latest_event_at");
            session.QueueSqlCommand($"delete from {Assert.Single(stamps)}");
            await session.SaveChangesAsync();
        }

        await StopAsync(app);
        app = await StartAsync();
        store = app.Services.GetRequiredService<IDocumentStore>();

        await using (var session = store.QuerySession())
        {
            var filled = await session.AdvancedSql.QueryAsync<bool>(
                $"select created_at = (data ->> 'createdAt')::timestamptz and latest_event_at = (data ->> 'latestEventAt')::timestamptz from {table} where id = ?", CancellationToken.None, id);
            Assert.Equal([true], filled);
        }

        Assert.Equal(["Registered", "Registered"], await NamesAsOfAsync(store, id, new DateOnly(2024, 3, 2)));
    }

    [Fact]
    public async Task a_page_of_a_list_as_of_a_day_places_the_records_changed_since_as_they_stood_among_the_others_each_once()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var ids = new Dictionary<string, Guid>();
        foreach (var name in new[] { "Golf", "Alpha", "Echo", "Charlie", "Bravo", "Delta", "Foxtrot" })
        {
            ids[name] = await RegisteredAsync(app, "2024-03-01T10:00:00Z", name);
        }

        await RecordedAsync(app, ids["Alpha"], "2024-03-02T10:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));
        // After the 5th: Charlie renamed to the end of the order, Delta declares the capability, Foxtrot archived.
        await RecordedAsync(app, ids["Charlie"], "2024-03-10T10:00:00Z", new UpdateOrganisationProfile("Zulu", "ZUL", "Nantes", "FR", [], null));
        await RecordedAsync(app, ids["Delta"], "2024-03-10T10:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));
        await RecordedAsync(app, ids["Foxtrot"], "2024-03-10T10:00:00Z", new ArchiveOrganisation(null));

        var (then, today) = (new DateOnly(2024, 3, 5), DateOnly.FromDateTime(DateTime.UtcNow));
        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            Assert.Equal(("ALP BRA CHA DEL ECH FOX GOL", 7), await EveryPageAsync(store, new FindOrganisations.Query(PageSize: size), then));
            Assert.Equal(("ALP BRA DEL ECH GOL ZUL", 6), await EveryPageAsync(store, new FindOrganisations.Query(PageSize: size), today));
            var capable = new FindOrganisations.Query(Capability: new(Capability.MrdFlowCytometry), PageSize: size);
            Assert.Equal(("ALP", 1), await EveryPageAsync(store, capable, then));
            Assert.Equal(("ALP DEL", 2), await EveryPageAsync(store, capable, today));
        }

        // As the fold of every record would answer, and a page past the end still counts them all, either way.
        await using var session = store.QuerySession();
        var listing = new FindOrganisations.Query().Listing();
        var folded = (await StreamHistory.AllAsOfAsync<Organisation>(session, then, null, CancellationToken.None))
            .Where(listing.Matches).Order(Comparer<StreamRecord<Organisation>>.Create(listing.Compare)).Select(r => r.Id);
        Assert.Equal(folded, (await StreamHistory.PageAsOfAsync(session, then, listing, 0, 10, counted: false, CancellationToken.None)).Page.Select(r => r.Id));
        Assert.Equal((0, (long?)7), Counted(await StreamHistory.PageAsOfAsync(session, then, listing, 20, 10, counted: true, CancellationToken.None)));
        Assert.Equal((0, (long?)6), Counted(await StreamHistory.PageAsOfAsync(session, today, listing, 20, 10, counted: true, CancellationToken.None)));

        static (int Shown, long? Total) Counted((IReadOnlyList<StreamRecord<Organisation>> Page, long? Total) answer) => (answer.Page.Count, answer.Total);
    }

    [Fact]
    public async Task a_page_as_of_a_day_ordered_by_an_instant_latest_first_merges_the_records_changed_since_by_the_same_order()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var ids = new List<Guid>();
        foreach (var (name, at) in new[] { ("Alpha", "2024-03-01T09:00:00Z"), ("Bravo", "2024-03-02T09:00:00Z"), ("Charlie", "2024-03-03T09:00:00Z"), ("Delta", "2024-03-04T09:00:00Z") })
        {
            ids.Add(await RegisteredAsync(app, at, name));
        }

        // Bravo and Delta changed after the 5th: read from their days, placed by when they were registered.
        await RecordedAsync(app, ids[1], "2024-03-10T10:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));
        await RecordedAsync(app, ids[3], "2024-03-10T10:00:00Z", new DeclareCapabilities([Capability.MrdFlowCytometry]));

        await using var session = store.QuerySession();
        var latestFirst = new RecordListing<Organisation>([], RecordKey<Organisation>.Descending(x => x.CreatedAt));
        var names = new List<string>();
        for (var skip = 0; skip < 4; skip += 3)
        {
            var (page, total) = await StreamHistory.PageAsOfAsync(session, new DateOnly(2024, 3, 5), latestFirst, skip, 3, counted: true, CancellationToken.None);
            names.AddRange(page.Select(r => r.State.Name));
            Assert.Equal(4, total);
        }

        Assert.Equal(["Delta", "Charlie", "Bravo", "Alpha"], names);
    }

    /// <summary>The acronyms on every page of the directory as of <paramref name="day"/>, one after the other, and the total every page gave (all alike).</summary>
    private static async Task<(string Acronyms, long Total)> EveryPageAsync(IDocumentStore store, FindOrganisations.Query query, DateOnly day)
    {
        await using var session = store.QuerySession();
        var (acronyms, totals) = (new List<string>(), new HashSet<long>());
        for (var skip = 0; acronyms.Count == skip; skip += query.PageSize)
        {
            var (page, total) = await StreamHistory.PageAsOfAsync(session, day, query.Listing(), skip, query.PageSize, counted: true, CancellationToken.None);
            acronyms.AddRange(page.Select(r => r.State.Acronym));
            totals.Add(Assert.NotNull(total));
            if (page.Count < query.PageSize)
            {
                break;
            }
        }

        return (string.Join(' ', acronyms), Assert.Single(totals));
    }

    /// <summary>The past days kept for <paramref name="id"/>'s record (<see cref="RecordDays"/>), in order.</summary>
    internal static async Task<List<(string From, string Until, long Version)>> KeptDaysAsync(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws(' ', from_day, until_day, version) from {store.Options.DatabaseSchemaName}.{RecordDays.TableName} where id = ? order by from_day",
            CancellationToken.None, id);
        return [.. rows.Select(row => row.Split(' ')).Select(row => (row[0], row[1], long.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    private static async Task PlantNameAsync(IDocumentStore store, Guid id, DateOnly from, string name)
    {
        await using var session = store.LightweightSession();
        session.QueueSqlCommand(
            $"update {store.Options.DatabaseSchemaName}.{RecordDays.TableName} set data = jsonb_set(data, '{{state,name}}', to_jsonb(?::text)) where id = ? and from_day = ?",
            name, id, from);
        await session.SaveChangesAsync();
    }

    /// <summary>A new organisation called <paramref name="name"/>, registered as if at <paramref name="at"/>.</summary>
    private static async Task<Guid> RegisteredAsync(WebApplication app, string at, string name = "Registered")
    {
        var id = Guid.NewGuid();
        await RecordedAsync(app, id, at, new RegisterOrganisation(name, name[..3].ToUpperInvariant(), OrganisationKind.ResearchTeam, "Nantes", "FR", [], null));
        return id;
    }

    private static Task RecordedAsync(WebApplication app, Guid id, string at, OrganisationCommand command) =>
        DashboardHistoryFixture.At(at, () => app.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganisationGrain>(id).ExecuteAsync(command, null));

    /// <summary>The record's name as of <paramref name="day"/>, read alone and in the directory (empty when it did not exist then).</summary>
    private static async Task<string[]> NamesAsOfAsync(IDocumentStore store, Guid id, DateOnly day)
    {
        await using var session = store.QuerySession();
        var alone = await StreamHistory.AsOfAsync<Organisation>(session, id, day, CancellationToken.None);
        var listed = (await StreamHistory.AllAsOfAsync<Organisation>(session, day, r => r.Id == id, CancellationToken.None)).SingleOrDefault();
        return [.. new[] { alone, listed }.OfType<StreamRecord<Organisation>>().Select(r => r.State.Name)];
    }

    private static async Task<StreamRecord<Organisation>> RecordAsync(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<StreamRecord<Organisation>>(id);
        Assert.NotNull(record);
        return record;
    }

    private static async Task StoreAsync(IDocumentStore store, StreamRecord<Organisation> record)
    {
        await using var session = store.LightweightSession();
        session.Store(record);
        await session.SaveChangesAsync();
    }
}
