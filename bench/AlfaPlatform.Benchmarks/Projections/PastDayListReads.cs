using System.Globalization;
using System.Runtime.CompilerServices;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// P6d: the organisations, people, teams, meetings and requests as of a day long past, every record of a dated set
/// changed since (issue 16's <i>as-of lists</i>, measured where today's lists, P6c, read nothing from the past).
/// Untimed, once per run of the tool and grown to a fifth of <c>--rows</c>: research organisations registered with
/// their capabilities in January and February 2025, each with a team, a person, a meeting it organises and a request
/// drafted for it, all written through the platform's event store with those dates (as the seed's imports are), then
/// each changed in June and July 2025 (a capability declared, the team's focus changed, the person's title, the
/// meeting rescheduled, the request submitted). Timed: the first page of organisations, people, meetings and requests,
/// and all teams, as of 2025-04-01, when each of those records stood as it was before its change, and an
/// organisation's teams then.
/// The store also holds what the other figures wrote, all of it created after that day.
/// </summary>
internal sealed class PastDayListReads : ReadsOverHistory
{
    private static readonly DateOnly AsOf = new(2025, 4, 1);
    private static readonly string Day = AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly ConditionalWeakTable<BenchContext, DatedSet> Sets = new();

    public override string Id => "P6d";

    protected override string What =>
        $"organisations, people, teams, meetings and requests as of {Day}, a dated set registered before it and changed after it (GET /api/organisations, /api/people, /api/teams, /api/meetings and /api/collaborations?asOf=, an organisation's teams: /api/teams?organisationId=";

    protected override int ReadsEach => 5;

    protected override IReadOnlyList<string> Names { get; } = ["organisations", "people", "teams", "an organisation's teams", "meetings", "requests"];

    protected override Task PrepareAsync(BenchContext bench, int size, CancellationToken cancellationToken) =>
        SetOf(bench).GrowAsync(bench, Math.Max(size / 5, 10), cancellationToken);

    protected override Task<IReadOnlyList<string>> UrisAsync(BenchContext bench, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(
            [$"/api/organisations?asOf={Day}", $"/api/people?asOf={Day}", $"/api/teams?asOf={Day}", $"/api/teams?organisationId={SetOf(bench).First}&asOf={Day}",
                $"/api/meetings?asOf={Day}", $"/api/collaborations?asOf={Day}"]);

    /// <summary>The dated set of one run of the tool (its database).</summary>
    private static DatedSet SetOf(BenchContext bench) => Sets.GetValue(bench, _ => new DatedSet());

    /// <summary>The dated organisations, teams, people, meetings and requests, each written in two appends or more: registered, then changed months later.</summary>
    private sealed class DatedSet
    {
        private static readonly Capability[] Capabilities = Enum.GetValues<Capability>();
        private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        private int _made;

        public Guid First { get; private set; }

        public async Task GrowAsync(BenchContext bench, int organisations, CancellationToken cancellationToken)
        {
            var store = bench.Platform.Services.GetRequiredService<EventStore>();
            var first = _made;
            _made = Math.Max(_made, organisations);
            await Parallel.ForAsync(first, organisations, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (n, ct) =>
            {
                var (organisation, team, person) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
                var registeredOn = new DateOnly(2025, 1, 6).AddDays(n % 50);
                var changedOn = new DateOnly(2025, 6, 2).AddDays(n % 50);
                var registered = await AppendAsync<Organisation>(store, organisation, null, registeredOn, state => OrganisationDecider.WithIdentity(OrganisationDecider.Decide(state, new RegisterOrganisation(
                    $"Unité de recherche {n}", $"UR{_run}{n}", OrganisationKind.ResearchTeam, "Lyon", "FR", ["Inserm"], null), registeredOn), organisation), ct);
                registered = await AppendAsync(store, organisation, registered, registeredOn, state => OrganisationDecider.Decide(state, new DeclareCapabilities([Capabilities[n % Capabilities.Length]]), registeredOn), ct);
                var created = await AppendAsync<Team>(store, team, null, registeredOn, state =>
                    TeamDecider.WithIdentity(TeamDecider.Decide(state, new CreateTeam(organisation, $"Équipe {n}", ["AML"]), registeredOn), team), ct);
                await AppendAsync(store, organisation, registered, changedOn, state => OrganisationDecider.Decide(state, new DeclareCapabilities([Capabilities[(n + 5) % Capabilities.Length]]), changedOn), ct);
                await AppendAsync(store, team, created, changedOn, state => TeamDecider.Decide(state, new ChangeTeamFocus(["AML", "MRD flow cytometry"]), changedOn), ct);
                var (given, family, email) = ("Camille", $"Chercheur {n}", $"camille.{_run.ToLowerInvariant()}.{n}@example.org");
                var registeredPerson = await AppendAsync<Person>(store, person, null, registeredOn, state =>
                    PersonDecider.WithIdentity(PersonDecider.Decide(state, new RegisterPerson(given, family, email, null, null, null, organisation)), person), ct);
                await AppendAsync(store, person, registeredPerson, changedOn, state =>
                    PersonDecider.Decide(state, new UpdatePersonProfile(given, family, email, null, "Dr", null, organisation)), ct);
                var meeting = Guid.CreateVersion7();
                var day = registeredOn.ToDateTime(new TimeOnly(9, 0)).AddMonths(9);
                var planned = await AppendAsync<Meeting>(store, meeting, null, registeredOn, state => MeetingDecider.WithIdentity(MeetingDecider.Decide(state, new CreateMeeting(
                    new MeetingDetails($"Journée scientifique {n}", MeetingKind.ScientificMeeting, null, [organisation], [], 80, null, null, MeetingVisibility.Public, false),
                    new MeetingTime(day, day.AddHours(8), "Europe/Paris"), new MeetingPlace(new Venue("Amphithéâtre", "Lyon", "FR"), false, null)), registeredOn), meeting), ct);
                await AppendAsync(store, meeting, planned, changedOn, state => MeetingDecider.Decide(state, new RescheduleMeeting(
                    new MeetingTime(day.AddDays(1), day.AddDays(1).AddHours(8), "Europe/Paris"), "Room taken"), changedOn), ct);
                var request = Guid.CreateVersion7();
                var drafted = await AppendAsync<CollaborationRequest>(store, request, null, registeredOn, state => RequestDecider.WithIdentity(RequestDecider.Decide(state, new DraftRequest(organisation, new RequestDetails(
                    $"Cohorte {n}", "Access to a characterised cohort", null, false, [CollaborationKind.CohortOrDataAccess], ["AML"], [Capability.MrdFlowCytometry], null, null, null, null)), registeredOn), request), ct);
                await AppendAsync(store, request, drafted, changedOn, state => RequestDecider.Decide(state, new SubmitRequest(), changedOn), ct);
                if (n == 0)
                {
                    First = organisation;
                }
            });
        }

        /// <summary>Decides one command against <paramref name="record"/> and appends its events, stamped at noon on <paramref name="on"/>.</summary>
        private static async Task<StreamRecord<TState>> AppendAsync<TState>(
            EventStore store, Guid id, StreamRecord<TState>? record, DateOnly on, Func<TState?, Decision> decide, CancellationToken cancellationToken)
            where TState : class, IEventSourced<TState>
        {
            var decision = decide(record?.State);
            if (decision.Rejection is { } rejection)
            {
                throw new InvalidOperationException($"Making the dated set: a command was refused: {rejection.Code}: {rejection.Message}");
            }

            var after = EventSourced.Fold(decision.Events, record?.State)!;
            var context = new CommandContext("bench-generator", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"),
                RecordedAt: new DateTimeOffset(on.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), ActorName: "Benchmark generator", Role: "staff");
            var appended = await store.AppendEventsAsync([StreamWrite.Of<TState>(id, record?.Version ?? 0, decision.Events, record?.State, after, record)], context, cancellationToken);
            return appended.Events.Aggregate(record, (current, e) => StreamRecord<TState>.Advance(current, id, e))!;
        }
    }
}
