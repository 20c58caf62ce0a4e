using System.Globalization;
using System.Text.Json.Nodes;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Meetings;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.People;
using AlfaPlatform.Server.Teams;
using AlfaPlatform.Server.Tests.Fixtures;
using Marten;
using Marten.Events;

namespace AlfaPlatform.Server.Tests.Dashboards;

/// <summary>
/// A platform over a fresh database holding a known history, imported the way the seed imports the past: each step
/// through the owning grain, with its events dated when it happened (<see cref="CommandContext.RecordedAt"/>).
/// </summary>
/// <remarks>
/// 2024-01-10 organisations NET1 (research team, MRD + molecular profiling, joins the network), NET2 (cooperative
/// group, clinical trials + MRD), partners ACME (SME) and BIGPHARMA (large group). 2024-01-15 team T1 of NET1, people
/// Ada, Bruno, Chloé; Ada lead and Bruno post-doc from that day. 2024-06-01 Chloé recorded as PhD student since
/// 2024-05-20. Request R1 (ACME) from 2024-02-01 to completion on 2024-09-30 (a 200,000 € research collaboration
/// signed 2024-03-01, rated 4). R2 (BIGPHARMA) submitted 2024-04-01, declined out of scope 2024-04-03. R3
/// (BIGPHARMA) from 2025-01-06 to active, a 500,000 € licence signed 2025-01-20 but recorded 2025-02-03.
/// 2025-02-01 Bruno recorded as left on 2025-01-31. 2025-03-01 NET2 withdraws MRD. Meeting: the "Autumn symposium" of
/// NET1 (capacity 2, 15 October 2024, Paris) created and opened 2024-09-01; Ada, Bruno registered (seated), Chloé
/// waiting (09-05 to 09-07); Ada's contribution for T1 submitted 09-10, accepted 09-15; Bruno cancels 09-20 (Chloé
/// seated); Ada and Chloé check in on the day; held 10-16.
/// </remarks>
public sealed class DashboardHistoryFixture : IAsyncLifetime
{
    public PlatformFixture Platform { get; } = new();

    public Guid Net1 { get; } = Guid.NewGuid();
    public Guid Net2 { get; } = Guid.NewGuid();
    public Guid Acme { get; } = Guid.NewGuid();
    public Guid BigPharma { get; } = Guid.NewGuid();
    public Guid Team { get; } = Guid.NewGuid();
    public Guid Ada { get; } = Guid.NewGuid();
    public Guid Bruno { get; } = Guid.NewGuid();
    public Guid Chloe { get; } = Guid.NewGuid();
    public Guid R1 { get; } = Guid.NewGuid();
    public Guid R2 { get; } = Guid.NewGuid();
    public Guid R3 { get; } = Guid.NewGuid();
    public Guid Symposium { get; } = Guid.NewGuid();
    public Guid Contribution { get; } = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();

        await At("2024-01-10T09:00:00Z", () => Organisation(Net1, new RegisterOrganisation("Network one", "NET1", OrganisationKind.ResearchTeam, "Paris", "FR", [], null)));
        await At("2024-01-10T09:05:00Z", () => Organisation(Net1, new DeclareCapabilities([Capability.MrdFlowCytometry, Capability.MolecularProfiling])));
        await At("2024-01-10T09:10:00Z", () => Organisation(Net1, new RecordJoinedNetwork(new DateOnly(2024, 1, 10))));
        await At("2024-01-10T10:00:00Z", () => Organisation(Net2, new RegisterOrganisation("Network two", "NET2", OrganisationKind.CooperativeGroup, "Lyon", "FR", [], null)));
        await At("2024-01-10T10:05:00Z", () => Organisation(Net2, new DeclareCapabilities([Capability.ClinicalTrials, Capability.MrdFlowCytometry])));
        await At("2024-01-10T11:00:00Z", () => Organisation(Acme, new RegisterOrganisation("Acme Pharma", "ACME", OrganisationKind.PartnerCompany, "Lille", "FR", [], null, CompanySize.Sme)));
        await At("2024-01-10T11:05:00Z", () => Organisation(BigPharma, new RegisterOrganisation("Big Pharma", "BIGPHARMA", OrganisationKind.PartnerCompany, "Basel", "CH", [], null, CompanySize.LargeGroup)));

        await At("2024-01-15T09:00:00Z", () => TeamChange(new CreateTeam(Net1, "Team one", ["AML"])));
        await At("2024-01-15T09:01:00Z", () => Person(Ada, new RegisterPerson("Ada", "Lovelace", $"ada-{Ada:N}@example.org", null, null, null, Net1)));
        await At("2024-01-15T09:02:00Z", () => Person(Bruno, new RegisterPerson("Bruno", "Latour", $"bruno-{Bruno:N}@example.org", null, null, null, Net1)));
        await At("2024-01-15T09:03:00Z", () => Person(Chloe, new RegisterPerson("Chloé", "Zhao", $"chloe-{Chloe:N}@example.org", null, null, null, Net1)));
        await At("2024-01-15T09:04:00Z", () => TeamChange(new AddMember(Ada, TeamRole.Lead, null, new DateOnly(2024, 1, 15))));
        await At("2024-01-15T09:05:00Z", () => TeamChange(new AddMember(Bruno, TeamRole.PostDoc, null, new DateOnly(2024, 1, 15))));

        await At("2024-02-01T10:00:00Z", () => Request(R1, new DraftRequest(Acme, Details("MRD follow-up"))));
        await At("2024-02-01T12:00:00Z", () => Request(R1, new SubmitRequest()));
        await At("2024-02-05T09:00:00Z", () => Request(R1, new StartScreening()));
        await At("2024-02-06T12:00:00Z", () => Request(R1, new AcceptForAssessment(null)));
        await At("2024-02-06T13:00:00Z", () => Request(R1, new RouteRequest(Team, "MRD experts", RoutingTargetKind.Team)));
        await At("2024-02-10T09:00:00Z", () => Request(R1, new AnswerRouting(Team, true, "Flow cytometry", 200_000, "6 months", null)));
        await At("2024-02-12T09:00:00Z", () => Request(R1, new Shortlist([Team])));
        await At("2024-02-13T09:00:00Z", () => Request(R1, new SelectProposal(Team)));
        await At("2024-03-02T09:00:00Z", () => Request(R1, new RecordAgreement(AgreementKind.ResearchCollaboration, ["ACME", "NET1"], 200_000, new DateOnly(2024, 3, 1))));
        await At("2024-03-02T10:00:00Z", () => Request(R1, new ActivateRequest()));
        await At("2024-04-01T12:00:00Z", () => Request(R2, new DraftRequest(BigPharma, Details("Cohort access"))));
        await At("2024-04-01T12:30:00Z", () => Request(R2, new SubmitRequest()));
        await At("2024-04-03T12:30:00Z", () => Request(R2, new DeclineRequest(DeclineReason.OutOfScope, "Not leukaemia")));
        await At("2024-06-01T09:00:00Z", () => TeamChange(new AddMember(Chloe, TeamRole.PhdStudent, null, new DateOnly(2024, 5, 20))));
        await At("2024-09-01T09:00:00Z", () => Meeting(new CreateMeeting(
            new MeetingDetails("Autumn symposium", MeetingKind.Symposium, null, [Net1], [], 2, null, null, MeetingVisibility.Public, false),
            new MeetingTime(new DateTime(2024, 10, 15, 9, 0, 0), new DateTime(2024, 10, 15, 17, 0, 0), "Europe/Paris"),
            new MeetingPlace(new Venue("Hall A", "Paris", "FR"), false, null))));
        await At("2024-09-01T09:05:00Z", () => Meeting(new PublishMeeting()));
        await At("2024-09-01T09:10:00Z", () => Meeting(new OpenRegistration()));
        await At("2024-09-05T09:00:00Z", () => Meeting(new AlfaPlatform.Domain.Meetings.Register(Registrant(Ada, "Ada"), ByStaff: true)));
        await At("2024-09-06T09:00:00Z", () => Meeting(new AlfaPlatform.Domain.Meetings.Register(Registrant(Bruno, "Bruno"), ByStaff: true)));
        await At("2024-09-07T09:00:00Z", () => Meeting(new AlfaPlatform.Domain.Meetings.Register(Registrant(Chloe, "Chloé"), ByStaff: true)));
        await At("2024-09-10T09:00:00Z", () => Meeting(new SubmitContribution(Contribution, "MRD kinetics", "Abstract", Ada, ["Ada Lovelace"], Team, Ada)));
        await At("2024-09-15T09:00:00Z", () => Meeting(new ReviewContribution(Contribution, Accept: true, null)));
        await At("2024-09-20T09:00:00Z", () => Meeting(new CancelRegistration(Bruno, "conflict")));
        await At("2024-10-15T08:00:00Z", () => Meeting(new CheckIn(Ada)));
        await At("2024-10-15T08:30:00Z", () => Meeting(new CheckIn(Chloe)));
        await At("2024-10-16T09:00:00Z", () => Meeting(new MarkMeetingHeld()));
        await At("2024-09-30T09:00:00Z", () => Request(R1, new CompleteRequest("Delivered")));
        await At("2024-10-01T09:00:00Z", () => Request(R1, new RateSatisfaction(4, null)));

        await At("2025-01-06T09:00:00Z", () => Request(R3, new DraftRequest(BigPharma, Details("Licence of a marker"))));
        await At("2025-01-06T10:00:00Z", () => Request(R3, new SubmitRequest()));
        await At("2025-01-07T10:00:00Z", () => Request(R3, new StartScreening()));
        await At("2025-01-08T10:00:00Z", () => Request(R3, new AcceptForAssessment(null)));
        await At("2025-01-08T11:00:00Z", () => Request(R3, new RouteRequest(Team, "Markers", RoutingTargetKind.Team)));
        await At("2025-01-09T10:00:00Z", () => Request(R3, new AnswerRouting(Team, true, "Licence", 500_000, "now", null)));
        await At("2025-01-09T11:00:00Z", () => Request(R3, new Shortlist([Team])));
        await At("2025-01-10T10:00:00Z", () => Request(R3, new SelectProposal(Team)));
        await At("2025-02-01T09:00:00Z", () => TeamChange(new RecordMemberLeft(Bruno, new DateOnly(2025, 1, 31), "moved")));
        await At("2025-02-03T09:00:00Z", () => Request(R3, new RecordAgreement(AgreementKind.Licence, ["BIGPHARMA", "NET1"], 500_000, new DateOnly(2025, 1, 20))));
        await At("2025-02-03T10:00:00Z", () => Request(R3, new ActivateRequest()));
        await At("2025-03-01T09:00:00Z", () => Organisation(Net2, new WithdrawCapability(Capability.MrdFlowCytometry, "instrument retired")));

        await CaughtUpAsync();
    }

    public Task DisposeAsync() => Platform.DisposeAsync();

    /// <summary>Waits (up to a minute) until the daemon has applied every event to every async projection.</summary>
    public Task CaughtUpAsync() => Platform.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(1));

    public async Task<HttpClient> SignInAsync(string role) => role == "staff"
        ? Platform.Client
        : await Platform.SignInAsAsync([role], role == "partner" ? Acme : null);

    /// <summary>A dashboard's figures (the answer without its freshness), as JSON.</summary>
    public static async Task<JsonObject> FiguresAsync(HttpClient client, string dashboard, string? asOf = null)
    {
        var response = await client.GetAsync($"/api/dashboards/{dashboard}{(asOf is null ? "" : $"?asOf={asOf}")}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{dashboard}: {(int)response.StatusCode} {body}");
        var answer = JsonNode.Parse(body)!.AsObject();
        answer.Remove("freshness");
        return answer;
    }

    private static RequestDetails Details(string title) =>
        new(title, "A summary", "Secret compound", false, [CollaborationKind.MrdMonitoring], ["AML"], [Capability.MrdFlowCytometry], null, null, null, null);

    private Task<CommandResult> Organisation(Guid id, OrganisationCommand command) =>
        Platform.Grains.GetGrain<IOrganisationGrain>(id).ExecuteAsync(command, null);

    private Task<CommandResult> TeamChange(TeamCommand command) => Platform.Grains.GetGrain<ITeamGrain>(Team).ExecuteAsync(command, null);

    private Task<CommandResult> Person(Guid id, PersonCommand command) => Platform.Grains.GetGrain<IPersonGrain>(id).ExecuteAsync(command, null);

    private Task<CommandResult> Meeting(MeetingCommand command) => Platform.Grains.GetGrain<IMeetingGrain>(Symposium).ExecuteAsync(command, null);

    private Registrant Registrant(Guid person, string name) => new(RegistrantKind.Person, person, name, Net1, IsNetworkMember: true);

    private Task<CommandResult> Request(Guid id, RequestCommand command) => Platform.Grains.GetGrain<ICollaborationGrain>(id).ExecuteAsync(command, null);

    /// <summary>One step of the imported past, dated <paramref name="at"/>; it must be accepted.</summary>
    internal static async Task At(string at, Func<Task<CommandResult>> step)
    {
        var recordedAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);
        new CommandContext(CommandContext.System, $"dashboards-{at}", $"dashboards-{at}", recordedAt, "import", CommandContext.System).Attach();
        var result = await step();
        Assert.True(result.IsAccepted, $"{at}: {result.Rejection?.Code} {result.Rejection?.Message}");
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardHistoryCollection : ICollectionFixture<DashboardHistoryFixture>
{
    public const string Name = "dashboard history";
}
