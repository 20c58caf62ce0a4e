using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>The one append path, against real PostgreSQL: expected versions and unique claims hold under races.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EventStoreTests(PlatformFixture platform)
{
    private readonly EventStore _store = platform.App.Services.GetRequiredService<EventStore>();
    private static readonly CommandContext Context = new("test", "correlation", "causation");

    private static OrganisationRegistered Registered(Guid id, string acronym) =>
        new(id, "Name", acronym, OrganisationKind.ResearchTeam, null, "FR", [], null);

    private async Task<(Guid Id, Organisation State)> RegisterAsync()
    {
        var id = Guid.NewGuid();
        var registered = Registered(id, "ES" + id.ToString("N")[..8]);
        var state = Organisation.Evolve(null, registered);
        await _store.AppendAsync(id, 0, [registered], null, state, Context);
        return (id, state);
    }

    [Fact]
    public async Task a_stream_loads_from_its_record_when_the_record_stands_at_its_version_and_from_its_events_otherwise()
    {
        var (id, state) = await RegisterAsync();
        var declared = new CapabilityDeclared(Capability.Diagnostics);
        await _store.AppendAsync(id, 1, [declared], state, Organisation.Evolve(state, declared), Context);
        var table = platform.Store.Options.FindOrResolveDocumentType(typeof(StreamRecord<Organisation>)).TableName.QualifiedName;

        // The record is what loads (it is the fold, kept): one changed behind the store's back, at the same version, shows.
        await ExecuteAsync($"update {table} set data = jsonb_set(data, '{{state,name}}', '\"Kept\"') where id = ?", id);
        Assert.Equal(("Kept", 2L), ((await _store.LoadAsync<Organisation>(id)).State!.Name, (await _store.LoadAsync<Organisation>(id)).Version));

        // A record behind its stream is not trusted, and a missing one neither: the events are folded.
        await ExecuteAsync($"update {table} set data = jsonb_set(data, '{{version}}', '1') where id = ?", id);
        var behind = await _store.LoadAsync<Organisation>(id);
        Assert.Equal(("Name", 2L, 2L), (behind.State!.Name, behind.Version, behind.Record!.Version));
        Assert.Contains(Capability.Diagnostics, behind.State.Capabilities);
        await ExecuteAsync($"delete from {table} where id = ?", id);
        var missing = await _store.LoadAsync<Organisation>(id);
        Assert.Equal(("Name", 2L), (missing.State!.Name, missing.Version));
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var session = platform.Store.LightweightSession();
        session.QueueSqlCommand(sql, id);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task two_writers_with_the_same_expected_version_cannot_both_succeed_and_nothing_is_lost()
    {
        var (id, state) = await RegisterAsync();
        var declared = new CapabilityDeclared(Capability.Diagnostics);
        var joined = new OrganisationJoinedNetwork(new DateOnly(2024, 1, 1));

        var writers = await Task.WhenAll(
            Attempt(() => _store.AppendAsync(id, 1, [declared], state, Organisation.Evolve(state, declared), Context)),
            Attempt(() => _store.AppendAsync(id, 1, [joined], state, Organisation.Evolve(state, joined), Context)));

        Assert.Single(writers, w => w is long);
        Assert.Single(writers, w => w is StreamVersionConflictException);
        await using var session = platform.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.IsType<OrganisationRegistered>(events[0].Data);
        var winner = writers.OfType<long>().Single();
        Assert.Equal(2, winner);
        Assert.Contains(events[1].Data, new object[] { declared, joined });
        var record = await session.LoadAsync<StreamRecord<Organisation>>(id);
        Assert.Equal(2, record!.Version);
    }

    [Fact]
    public async Task an_append_at_a_version_the_stream_has_passed_is_refused()
    {
        var (id, state) = await RegisterAsync();
        var declared = new CapabilityDeclared(Capability.Diagnostics);
        await _store.AppendAsync(id, 1, [declared], state, Organisation.Evolve(state, declared), Context);

        var stale = new CapabilityDeclared(Capability.ClinicalTrials);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            _store.AppendAsync(id, 1, [stale], state, Organisation.Evolve(state, stale), Context));

        Assert.Equal(2, (await _store.LoadAsync<Organisation>(id)).Version);
    }

    [Fact]
    public async Task starting_a_stream_that_exists_is_a_version_conflict()
    {
        var (id, _) = await RegisterAsync();
        var again = Registered(id, "ES-AGAIN-" + id.ToString("N")[..6]);

        await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            _store.AppendAsync(id, 0, [again], null, Organisation.Evolve(null, again), Context));
    }

    [Fact]
    public async Task two_streams_racing_for_one_unique_value_cannot_both_win()
    {
        var acronym = "UQ" + Guid.NewGuid().ToString("N")[..8];
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        var writers = await Task.WhenAll(
            Attempt(() => _store.AppendAsync(a, 0, [Registered(a, acronym)], null, Organisation.Evolve(null, Registered(a, acronym)), Context)),
            Attempt(() => _store.AppendAsync(b, 0, [Registered(b, $" {acronym.ToLowerInvariant()}")], null, Organisation.Evolve(null, Registered(b, $" {acronym.ToLowerInvariant()}")), Context)));

        Assert.Single(writers, w => w is long);
        Assert.Single(writers, w => w is UniqueKeyTakenException);
        var loser = writers[0] is long ? b : a;
        Assert.Equal(0, (await _store.LoadAsync<Organisation>(loser)).Version);
    }

    [Fact]
    public async Task appended_events_carry_actor_correlation_and_causation()
    {
        var (id, _) = await RegisterAsync();

        await using var session = platform.Store.QuerySession();
        var registered = (await session.Events.FetchStreamAsync(id)).Single();

        Assert.Equal("test", registered.GetHeader(EventStore.ActorHeader)?.ToString());
        Assert.Equal("correlation", registered.CorrelationId);
        Assert.Equal("causation", registered.CausationId);
    }

    [Fact]
    public async Task a_stream_of_another_kind_is_never_read_or_written_as_an_organisation()
    {
        var id = Guid.NewGuid();
        await using (var session = platform.Store.LightweightSession())
        {
            session.Events.StartStream(id, new SomethingElseHappened("not an organisation"));
            await session.SaveChangesAsync();
        }

        var loaded = await _store.LoadAsync<Organisation>(id);
        var archive = await platform.Client.SendJsonAsync(HttpMethod.Post, $"/api/organisations/{id}/archive", new { reason = "x" });

        Assert.True(loaded.BelongsElsewhere);
        Assert.Null(loaded.State);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, archive.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/organisations/{id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/organisations/{id}/history")).StatusCode);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await platform.Client.GetAsync($"/api/organisations/{id}?asOf={today}")).StatusCode);
        await using var query = platform.Store.QuerySession();
        Assert.Single(await query.Events.FetchStreamAsync(id));
    }

    public sealed record SomethingElseHappened(string What);

    private static async Task<object> Attempt(Func<Task<long>> append)
    {
        try
        {
            return await append();
        }
        catch (Exception e) when (e is StreamVersionConflictException or UniqueKeyTakenException)
        {
            return e;
        }
    }
}
