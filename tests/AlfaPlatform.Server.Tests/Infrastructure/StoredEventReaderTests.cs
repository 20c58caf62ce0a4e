using System.Text.Json;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Tests.Fixtures;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// A rebuild's lean read of the events (<see cref="StoredEventReader"/>) gives a fold what Marten's own event query
/// gives it: the same events of the types asked for, in the same order, with the same sequence, stream, version,
/// instant, type name and data.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StoredEventReaderTests(PlatformFixture platform)
{
    private static readonly CommandContext Context = new("reader-test", "reader-correlation", "reader-causation", ActorName: "Reader Test", Role: "staff");

    [Fact]
    public async Task reads_the_events_of_its_types_in_a_range_as_martens_query_does()
    {
        var events = platform.App.Services.GetRequiredService<EventStore>();
        var id = Guid.NewGuid();
        var registered = new OrganisationRegistered(id, "Reader", "RD" + id.ToString("N")[^10..], OrganisationKind.PartnerCompany, "Nantes", "FR", [], null, CompanySize.Sme);
        var state = Organisation.Evolve(null, registered);
        var resized = new CompanySizeChanged(CompanySize.LargeGroup, "Grew");
        var shrunk = new CompanySizeChanged(CompanySize.Sme, "Shrank");
        await events.AppendEventsAsync([StreamWrite.Of(id, 0, [registered], null, state)], Context);
        await events.AppendEventsAsync([StreamWrite.Of(id, 1, [resized, shrunk], state, Organisation.Evolve(Organisation.Evolve(state, resized), shrunk))], Context);

        await using var session = platform.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(id);
        var (after, upTo) = (stream[0].Sequence - 1, stream[^1].Sequence);
        Type[] types = [typeof(CompanySizeChanged)]; // not the registration: only the types asked for are read
        var byMarten = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(types) && e.Sequence > after && e.Sequence <= upTo)
            .OrderBy(e => e.Sequence)
            .ToListAsync();

        var read = await new StoredEventReader(platform.Store, types)
            .ReadAsync(platform.App.Services.GetRequiredService<NpgsqlDataSource>(), after, upTo, CancellationToken.None);

        // Other tests append beside this one: the stream's own events are compared, and its registration is left out.
        var ours = read.Where(e => e.StreamId == id).ToList();
        Assert.Equal([resized, shrunk], ours.Select(e => e.Data));
        Assert.Equal(byMarten.Where(e => e.StreamId == id).Select(Seen), ours.Select(Seen));
    }

    /// <summary>What a fold may read of an event.</summary>
    private static string Seen(IEvent e) =>
        $"{e.Sequence} {e.StreamId} {e.Version} {e.Timestamp.UtcDateTime:O} {e.EventTypeName} {e.Data.GetType().Name} {JsonSerializer.Serialize(e.Data, e.Data.GetType())}";
}
