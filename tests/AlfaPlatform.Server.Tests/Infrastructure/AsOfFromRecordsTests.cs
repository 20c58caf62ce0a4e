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
/// As of a day none of a record's events came after, the record is read as it is (<see cref="StreamHistory"/>): seen
/// through a state no event gives, written into the record, which only a read of the record shows. On a platform of
/// its own, so that the records it adds and plants are in no other test's lists or dashboards.
/// </summary>
public sealed class AsOfFromRecordsTests : OwnDatabaseTests
{
    [Fact]
    public async Task a_record_is_read_as_it_is_as_of_a_day_after_its_latest_event_and_folded_before_or_when_that_is_unknown()
    {
        var app = await StartAsync();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.NewGuid();

        // Registered just after midnight on the 12th, then changed by a node whose clock was 90 minutes slow: the change
        // is stamped on the 11th, its record's last update too, yet nothing of it was known before the 12th.
        await RecordedAsync(app, id, "2024-01-12T00:30:00Z", new RegisterOrganisation("Registered", "REG", OrganisationKind.ResearchTeam, "Nantes", "FR", [], null));
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
        var id = Guid.NewGuid();
        await RecordedAsync(app, id, "2024-01-12T00:30:00Z", new RegisterOrganisation("Registered", "REG", OrganisationKind.ResearchTeam, "Nantes", "FR", [], null));

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
