using System.Collections.Concurrent;
using System.Diagnostics;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// Appends that arrive together share one transaction (group commit), against real PostgreSQL: a burst of appends in
/// which some are stale, some race for one unique value and two aim at one stream; each meets its own outcome, and
/// the others commit exactly once with their own metadata.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GroupCommitTests(PlatformFixture platform)
{
    private readonly EventStore _store = platform.App.Services.GetRequiredService<EventStore>();

    private static OrganisationRegistered Registered(Guid id, string acronym) =>
        new(id, "Name", acronym, OrganisationKind.ResearchTeam, null, "FR", [], null);

    private static CommandContext ContextOf(string who) => new(who, $"correlation-{who}", $"causation-{who}", ActorName: who, Role: "staff");

    [Fact]
    public async Task in_a_burst_of_appends_a_stale_one_or_a_taken_value_fails_alone_and_every_other_commits_once_with_its_own_metadata()
    {
        var groups = new ConcurrentBag<int>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AlfaTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "event_store.group_commit" && activity.GetTagItem("alfa.group_commit.appends") is int appends)
                {
                    groups.Add(appends);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var streams = new List<(Guid Id, Organisation State)>();
        await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            var id = Guid.NewGuid();
            var registered = Registered(id, "GC" + id.ToString("N")[..10]);
            var state = Organisation.Evolve(null, registered);
            await _store.AppendAsync(id, 0, [registered], null, state, ContextOf($"setup-{i}"));
            lock (streams)
            {
                streams.Add((id, state));
            }
        }));

        var declared = new CapabilityDeclared(Capability.Diagnostics);
        var raced = "GCRACE" + Guid.NewGuid().ToString("N")[..8];
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var twice = streams[0];
        var burst = new List<(string Kind, Guid Stream, string Who, Task<long> Append)>();
        foreach (var (id, state) in streams.Skip(1))
        {
            var stale = burst.Count % 10 == 0;
            var who = $"burst-{burst.Count}";
            burst.Add((stale ? "stale" : "fresh", id, who,
                _store.AppendAsync(id, stale ? 0 : 1, [declared], state, Organisation.Evolve(state, declared), ContextOf(who))));
            if (burst.Count == 50)
            {
                burst.Add(("race", first, "racer-1", _store.AppendAsync(first, 0, [Registered(first, raced)], null, Organisation.Evolve(null, Registered(first, raced)), ContextOf("racer-1"))));
                burst.Add(("race", second, "racer-2", _store.AppendAsync(second, 0, [Registered(second, raced)], null, Organisation.Evolve(null, Registered(second, raced)), ContextOf("racer-2"))));
                burst.Add(("twice", twice.Id, "twice-1", _store.AppendAsync(twice.Id, 1, [declared], twice.State, Organisation.Evolve(twice.State, declared), ContextOf("twice-1"))));
                burst.Add(("twice", twice.Id, "twice-2", _store.AppendAsync(twice.Id, 1, [declared], twice.State, Organisation.Evolve(twice.State, declared), ContextOf("twice-2"))));
            }
        }

        var outcomes = new List<(string Kind, Guid Stream, string Who, object Outcome)>();
        foreach (var (kind, stream, who, append) in burst)
        {
            outcomes.Add((kind, stream, who, await Attempt(append)));
        }

        Assert.Contains(groups, size => size > 1); // the burst did share transactions
        Assert.All(outcomes.Where(o => o.Kind == "fresh"), o => Assert.Equal(2L, o.Outcome));
        Assert.All(outcomes.Where(o => o.Kind == "stale"), o => Assert.IsType<StreamVersionConflictException>(o.Outcome));
        var race = outcomes.Where(o => o.Kind == "race").ToList();
        Assert.Single(race, o => o.Outcome is 1L);
        Assert.Single(race, o => o.Outcome is UniqueKeyTakenException);
        var both = outcomes.Where(o => o.Kind == "twice").ToList();
        Assert.Single(both, o => o.Outcome is 2L);
        Assert.Single(both, o => o.Outcome is StreamVersionConflictException);

        await using var session = platform.Store.QuerySession();
        foreach (var (kind, stream, who, outcome) in outcomes)
        {
            var events = await session.Events.FetchStreamAsync(stream);
            var record = await session.LoadAsync<StreamRecord<Organisation>>(stream);
            switch (kind)
            {
                case "fresh":
                    Assert.Equal([1L, 2L], events.Select(e => e.Version));
                    Assert.Equal((2L, $"correlation-{who}", $"causation-{who}", who), (record!.Version, events[1].CorrelationId, events[1].CausationId, events[1].GetHeader(EventStore.ActorHeader)?.ToString()));
                    break;
                case "stale":
                    Assert.Equal(1, Assert.Single(events).Version); // nothing of the refused append
                    Assert.Equal(1, record!.Version);
                    break;
                case "race" when outcome is 1L:
                    Assert.Equal($"correlation-{who}", Assert.Single(events).CorrelationId);
                    break;
                case "race":
                    Assert.Empty(events);
                    Assert.Null(record);
                    break;
                case "twice" when outcome is 2L:
                    Assert.Equal(2, events.Count);
                    Assert.Equal($"correlation-{who}", events[1].CorrelationId);
                    break;
            }
        }
    }

    private static async Task<object> Attempt(Task<long> append)
    {
        try
        {
            return await append;
        }
        catch (Exception e) when (e is StreamVersionConflictException or UniqueKeyTakenException)
        {
            return e;
        }
    }
}
