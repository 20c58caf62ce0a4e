using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Commands;

/// <summary>
/// E1: the event store's append alone, without the mediator and the grains: 64 callers over 2,000 streams, one event
/// per append, each caller appending to its own streams at the version it last wrote, with the record it holds (as a grain
/// does). What P1 would be if deciding cost
/// nothing: the part of P1 that is the database and Marten.
/// </summary>
internal sealed class AppendPath : IScenario
{
    public string Id => "E1";

    public string Group => "commands";

    public string Title => $"event store append alone (no mediator, no grain), {CommandPath.Callers} callers over {CommandPath.Aggregates:N0} streams";

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var store = bench.Platform.Services.GetRequiredService<EventStore>();
        var context = new CommandContext("bench-staff", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), ActorName: "Benchmark staff", Role: "staff");
        var streams = new StreamRecord<Organisation>[CommandPath.Aggregates];
        await Parallel.ForAsync(0, streams.Length, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = Guid.CreateVersion7();
            var registered = new OrganisationRegistered(id, $"Bench stream {i} {id:N}", "BS" + id.ToString("N")[^12..], OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, CompanySize.Sme);
            var appended = await store.AppendEventsAsync([StreamWrite.Of(id, 0, [registered], null, Organisation.Evolve(null, registered))], context, ct);
            streams[i] = StreamRecord<Organisation>.Advance(null, id, appended.Events[0]);
        });

        await SearchNetwork.CaughtUpAsync(bench); // what earlier figures left the async projections is not projected while this one is timed
        var next = -1;
        return await Measurement.TimeAsync(size, () => Task.WhenAll(Enumerable.Range(0, CommandPath.Callers).Select(caller => Task.Run(async () =>
        {
            var mine = streams.Length / CommandPath.Callers + (caller < streams.Length % CommandPath.Callers ? 1 : 0);
            for (var round = 0; Interlocked.Increment(ref next) < size; round++)
            {
                var index = caller + round % mine * CommandPath.Callers;
                var record = streams[index];
                var changed = new CompanySizeChanged(record.State.Size == CompanySize.LargeGroup ? CompanySize.Sme : (record.State.Size ?? CompanySize.Sme) + 1, null);
                var write = StreamWrite.Of(record.Id, record.Version, [changed], record.State, Organisation.Evolve(record.State, changed), record);
                var appended = await store.AppendEventsAsync([write], context, cancellationToken);
                streams[index] = StreamRecord<Organisation>.Advance(record, record.Id, appended.Events[0]);
            }
        }, cancellationToken))), "appends");
    }
}
