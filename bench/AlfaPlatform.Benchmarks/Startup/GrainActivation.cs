using System.Diagnostics;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Benchmarks.Search;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Startup;

/// <summary>
/// P7b: the first call to a grain whose stream holds 1,000 events: Orleans places and activates it, the grain loads
/// its state (the record kept with the stream when it stands at the stream's version, else a fold of every event),
/// then decides the command. Each run makes new partner companies (registered, then 999 changes
/// of size, appended through the event store: no grain has ever held them), waits until the async projections have
/// taken those events, then sends each company, one at a time, a change to the size it already has: a command the
/// grain accepts without an event, so only activation and deciding are timed.
/// </summary>
internal sealed class GrainActivation : IScenario
{
    private const int EventsPerGrain = 1_000;

    public string Id => "P7b";

    public string Group => "startup";

    public string Title => $"activation: first call to a grain whose stream holds {EventsPerGrain:N0} events (a no-op command), one at a time, --rows / 20 grains (5 to 50)";

    public async Task<Measurement> RunAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        var grains = Math.Clamp(size / 20, 5, 50);
        var store = bench.Platform.Services.GetRequiredService<EventStore>();
        var context = new CommandContext("bench-staff", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), ActorName: "Benchmark staff", Role: "staff");
        var companies = new (Guid Id, CompanySize Size)[grains];
        await Parallel.ForAsync(0, grains, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = Guid.CreateVersion7();
            List<OrganisationEvent> events =
            [
                new OrganisationRegistered(id, $"Long history {i} {id:N}", "LH" + id.ToString("N")[^12..], OrganisationKind.PartnerCompany, "Lyon", "FR", [], null, CompanySize.Sme),
                .. Enumerable.Range(1, EventsPerGrain - 1).Select(change => new CompanySizeChanged((CompanySize)(change % 3), null)),
            ];
            var state = events.Aggregate((Organisation?)null, Organisation.Evolve)!;
            await store.AppendAsync(id, 0, events, null, state, context, ct);
            companies[i] = (id, state.Size!.Value);
        });
        await SearchNetwork.CaughtUpAsync(bench); // the daemon's work on those events is not timed with the calls

        var factory = bench.Platform.Services.GetRequiredService<IGrainFactory>();
        var answers = new List<TimeSpan>(grains);
        var clock = Stopwatch.StartNew();
        foreach (var (id, current) in companies)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await factory.GetGrain<IOrganisationGrain>(id).ExecuteAsync(new ChangeCompanySize(current, null), null);
            answers.Add(Stopwatch.GetElapsedTime(started));
            if (result.Rejection is not null || result.Version != EventsPerGrain)
            {
                throw new InvalidOperationException($"The first call to organisation {id} answered version {result.Version} ({result.Rejection?.Message ?? "accepted"}), not {EventsPerGrain}.");
            }
        }

        return new Measurement(clock.Elapsed, grains, "activations") { Latency = Latency.Of(answers) };
    }
}
