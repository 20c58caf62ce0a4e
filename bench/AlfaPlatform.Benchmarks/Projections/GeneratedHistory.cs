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
using Register = AlfaPlatform.Domain.Meetings.Register;

namespace AlfaPlatform.Benchmarks.Projections;

/// <summary>
/// A history for P6 to rebuild from: slices of a growing network, 98 events over 17 new streams each — a research
/// organisation that joins the network with its capabilities, a partner company that grows, 12 people, their team (a
/// lead, members, role changes, a departure, a hand-over of the lead), a meeting with its programme, 30 registrations
/// and check-ins, and the company's request taken from draft through routing to that team up to a rated collaboration.
/// Every history is decided by the domain's own deciders, command after command (a refused command stops the figure),
/// so the folds and projections read it as they read real use.
/// </summary>
/// <remarks>
/// Written through the platform's event store, ten slices to an append (all new streams, one transaction): the events
/// with their metadata, the inline records and the unique values exactly as the platform writes them. Hand-made COPY
/// rows into mt_events would be faster to write, but the search index is rebuilt from the inline records too, which a
/// COPY would have to imitate. None of this is timed; it grows to the size asked and is kept for later runs.
/// </remarks>
internal sealed class GeneratedHistory
{
    private const int SlicesPerAppend = 10;
    private const int EventsPerSlice = 98;

    private static readonly string[] Cities = ["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Strasbourg"];
    private static readonly string[] GivenNames = ["Inès", "Yves", "Zoé", "Marc", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Jules", "Anaïs", "Rémi"];
    private static readonly string[] FamilyNames = ["Martin", "Le Goff", "Petit", "Durand", "Lefèvre", "Moreau", "Girard", "Roux", "Fournier", "Bonnet"];
    private static readonly TeamRole[] Roles = [TeamRole.PrincipalInvestigator, TeamRole.Clinician, TeamRole.Biologist, TeamRole.Bioinformatician, TeamRole.PostDoc, TeamRole.PhdStudent];
    private static readonly Capability[] Capabilities = Enum.GetValues<Capability>();

    private static readonly ConditionalWeakTable<BenchContext, GeneratedHistory> Histories = new();

    /// <summary>The history of one run of the tool (its database): P6 rebuilds from it, P6b and P6c read over it.</summary>
    public static GeneratedHistory Of(BenchContext bench) => Histories.GetValue(bench, _ => new GeneratedHistory());

    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private int _slices;
    private long _events;

    /// <summary>Events written so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Writes slices until at least <paramref name="events"/> events have been generated in all.</summary>
    public async Task GrowAsync(BenchContext bench, long events, CancellationToken cancellationToken)
    {
        var store = bench.Platform.Services.GetRequiredService<EventStore>();
        var context = new CommandContext("bench-generator", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), ActorName: "Benchmark generator", Role: "staff");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        while (Events < events)
        {
            var appends = (int)Math.Ceiling((events - Events) / (double)(EventsPerSlice * SlicesPerAppend));
            var first = _slices;
            _slices += appends * SlicesPerAppend;
            await Parallel.ForAsync(0, appends, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (append, ct) =>
            {
                var writes = Enumerable.Range(first + append * SlicesPerAppend, SlicesPerAppend).SelectMany(slice => Slice(slice, today)).ToList();
                await store.AppendAsync(writes, context, ct);
                Interlocked.Add(ref _events, writes.Sum(w => w.Events.Count));
            });
        }
    }

    /// <summary>One slice's streams, each record before those that name it (the projections read them in that order).</summary>
    private IEnumerable<StreamWrite> Slice(int n, DateOnly today)
    {
        var city = Cities[n % Cities.Length];
        var joined = new DateOnly(2019, 1, 7).AddDays(n % 1500);

        var organisation = Guid.CreateVersion7();
        yield return new History<Organisation>(organisation)
            .Then(s => OrganisationDecider.WithIdentity(OrganisationDecider.Decide(s, new RegisterOrganisation(
                $"Laboratoire d'hématologie {n} de {city}", $"GH{_run}{n}", OrganisationKind.ResearchTeam, city, "FR", ["Inserm", $"UMR-{n % 1000:D4}"], "https://example.org"), today), organisation))
            .Then(s => OrganisationDecider.Decide(s, new DeclareCapabilities([Capabilities[n % Capabilities.Length], Capabilities[(n + 3) % Capabilities.Length]]), today))
            .Then(s => OrganisationDecider.Decide(s, new RecordJoinedNetwork(joined), today))
            .Write();

        var company = Guid.CreateVersion7();
        yield return new History<Organisation>(company)
            .Then(s => OrganisationDecider.WithIdentity(OrganisationDecider.Decide(s, new RegisterOrganisation(
                $"{city} Therapeutics {n}", $"GC{_run}{n}", OrganisationKind.PartnerCompany, city, "FR", [], "https://example.com", CompanySize.Sme), today), company))
            .Then(s => OrganisationDecider.Decide(s, new ChangeCompanySize(CompanySize.MidSize, "Series B"), today))
            .Write();

        var people = Enumerable.Range(0, 12).Select(_ => Guid.CreateVersion7()).ToArray();
        for (var p = 0; p < people.Length; p++)
        {
            var (id, given, family) = (people[p], GivenNames[(n + p) % GivenNames.Length], FamilyNames[(n / 3 + p) % FamilyNames.Length]);
            var person = new History<Person>(id)
                .Then(s => PersonDecider.WithIdentity(PersonDecider.Decide(s, new RegisterPerson(given, family, $"p{p}.{n}.{_run}@example.org", null, "Dr", null, organisation)), id));
            if (p % 6 == 5)
            {
                person.Then(s => PersonDecider.Decide(s, new UpdatePersonProfile(given, family, $"p{p}.{n}.{_run}@example.org", null, "Pr", "+33 1 23 45 67 89", organisation)));
            }

            yield return person.Write();
        }

        var team = Guid.CreateVersion7();
        var history = new History<Team>(team)
            .Then(s => TeamDecider.WithIdentity(TeamDecider.Decide(s, new CreateTeam(organisation, "Myeloid leukaemia lab", ["AML", "LAM NPM1-mutées", "MRD flow cytometry"]), today), team))
            .Then(s => TeamDecider.Decide(s, new AddMember(people[0], TeamRole.Lead, null, joined), today));
        for (var p = 1; p < people.Length; p++)
        {
            var (person, role, on) = (people[p], Roles[(n + p) % Roles.Length], joined.AddDays(7 * p));
            history.Then(s => TeamDecider.Decide(s, new AddMember(person, role, null, on), today));
        }

        var later = joined.AddDays(200);
        yield return history
            .Then(s => TeamDecider.Decide(s, new ChangeMemberRole(people[4], TeamRole.PostDoc, null, later), today))
            .Then(s => TeamDecider.Decide(s, new ChangeMemberRole(people[5], TeamRole.DataManager, null, later), today))
            .Then(s => TeamDecider.Decide(s, new RecordMemberLeft(people[11], later.AddDays(30), "Moved abroad"), today))
            .Then(s => TeamDecider.Decide(s, new HandLead(people[1], TeamRole.Clinician, null, later.AddDays(60)), today))
            .Then(s => TeamDecider.Decide(s, new ChangeTeamFocus(["AML", "MRD flow cytometry", "menin inhibitors"]), today))
            .Write();

        yield return Meeting(n, city, organisation, company, people, today);
        yield return Request(n, company, team, today);
    }

    private static StreamWrite Meeting(int n, string city, Guid organisation, Guid company, Guid[] people, DateOnly today)
    {
        var day = new DateTime(2024, 1, 8).AddDays(n % 600);
        var meeting = Guid.CreateVersion7();
        var details = new MeetingDetails($"Journée scientifique LAM {city} {n}", MeetingKind.ScientificMeeting,
            "Leucémies aiguës myéloïdes : maladie résiduelle mesurable, cytométrie en flux et greffe allogénique.",
            [organisation], [], 200, null, null, MeetingVisibility.Public, RequiresApproval: false);
        var history = new History<Meeting>(meeting)
            .Then(s => MeetingDecider.WithIdentity(MeetingDecider.Decide(s, new CreateMeeting(details, new MeetingTime(day.AddHours(9), day.AddHours(18), "Europe/Paris"),
                new MeetingPlace(new Venue("Centre de congrès", city, "FR"), false, null)), today), meeting));
        for (var s = 0; s < 3; s++)
        {
            var session = (Id: Guid.CreateVersion7(), Start: day.AddHours(10 + 2 * s), Kind: s == 2 ? SessionKind.Poster : SessionKind.Oral);
            history.Then(m => MeetingDecider.Decide(m, new AddSession(session.Id, $"Session {s + 1}", session.Kind, session.Start, session.Start.AddHours(1), null, []), today));
        }

        history.Then(m => MeetingDecider.Decide(m, new PublishMeeting(), today)).Then(m => MeetingDecider.Decide(m, new OpenRegistration(), today));
        var registrants = people.Select((person, p) => new Registrant(RegistrantKind.Person, person, $"{GivenNames[p % GivenNames.Length]} {FamilyNames[p % FamilyNames.Length]}", organisation, true))
            .Concat(Enumerable.Range(0, 18).Select(guest => new Registrant(RegistrantKind.Account, Guid.CreateVersion7(), $"Partner guest {guest}", company, false)))
            .ToList();
        foreach (var registrant in registrants)
        {
            history.Then(m => MeetingDecider.Decide(m, new Register(registrant, ByStaff: true), today));
        }

        history.Then(m => MeetingDecider.Decide(m, new CloseRegistration(), today)).Then(m => MeetingDecider.Decide(m, new MarkMeetingHeld(), today));
        foreach (var registrant in registrants.Take(10))
        {
            history.Then(m => MeetingDecider.Decide(m, new CheckIn(registrant.Id), today));
        }

        return history.Write();
    }

    private static StreamWrite Request(int n, Guid company, Guid team, DateOnly today)
    {
        var request = Guid.CreateVersion7();
        var details = new RequestDetails("MRD assay validation in AML", "We seek a lab to validate our MRD flow cytometry assay on NPM1-mutated AML samples.",
            null, false, [CollaborationKind.MrdMonitoring], ["AML"], [Capability.MrdFlowCytometry], 50_000m, 150_000m, null, 12);
        return new History<CollaborationRequest>(request)
            .Then(s => RequestDecider.WithIdentity(RequestDecider.Decide(s, new DraftRequest(company, details), today), request))
            .Then(s => RequestDecider.Decide(s, new SubmitRequest(), today))
            .Then(s => RequestDecider.Decide(s, new StartScreening(), today))
            .Then(s => RequestDecider.Decide(s, new AcceptForAssessment("In scope"), today))
            .Then(s => RequestDecider.Decide(s, new RouteRequest(team, "MRD expertise", RoutingTargetKind.Team), today))
            .Then(s => RequestDecider.Decide(s, new AnswerRouting(team, true, "Validation on 200 samples", 90_000m, "6 months", null), today))
            .Then(s => RequestDecider.Decide(s, new Shortlist([team]), today))
            .Then(s => RequestDecider.Decide(s, new SelectProposal(team), today))
            .Then(s => RequestDecider.Decide(s, new RecordAgreement(AgreementKind.ResearchCollaboration, ["OPALE", "Partner"], 80_000m + n % 50 * 1_000m, today), today))
            .Then(s => RequestDecider.Decide(s, new ActivateRequest(), today))
            .Then(s => RequestDecider.Decide(s, new CompleteRequest("Assay validated"), today))
            .Then(s => RequestDecider.Decide(s, new RateSatisfaction(4 + n % 2, null), today))
            .Write();
    }

    /// <summary>One record's history, decided command after command against the state its events fold to.</summary>
    private sealed class History<TState>(Guid id)
        where TState : class, IEventSourced<TState>
    {
        private readonly List<object> _events = [];
        private TState? _state;

        public History<TState> Then(Func<TState?, Decision> decide)
        {
            var decision = decide(_state);
            if (decision.Rejection is { } rejection)
            {
                throw new InvalidOperationException($"Generating a {typeof(TState).Name}'s history: a command was refused: {rejection.Code}: {rejection.Message}");
            }

            _events.AddRange(decision.Events);
            _state = EventSourced.Fold(decision.Events, _state);
            return this;
        }

        public StreamWrite Write() => StreamWrite.Of(id, 0, _events, null, _state!);
    }
}
