using System.Net.Http.Json;
using System.Text.Json;
using AlfaPlatform.Benchmarks.Rosters;
using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Marten.Events;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AlfaPlatform.Benchmarks.Search;

/// <summary>
/// Generated records for search to look through, beside the seeded network, in the shares a grown network would
/// have: of every 100, about 3 organisations (varied kinds and capabilities), 12 teams with focus areas in English
/// and French, 80 people in those teams with their roles, 1 meeting with 3 programme sessions, 1 partner request.
/// It grows to the size asked (the warm-up's, then the runs'), never again: none of this is timed.
/// </summary>
internal sealed class SearchNetwork
{
    private static readonly TimeSpan CatchUpWithin = TimeSpan.FromMinutes(15);

    /// <summary>Focus areas as teams write them. Repeated ones are common: AML is in several thousand entries.</summary>
    private static readonly string[] FocusAreas =
    [
        "AML", "AML", "AML", "LAM", "NPM1-mutated AML", "LAM NPM1-mutées", "FLT3-ITD AML", "acute myeloid leukaemia",
        "leucémie aiguë myéloïde", "MRD flow cytometry", "cytométrie en flux", "maladie résiduelle mesurable",
        "acute lymphoblastic leukaemia", "leucémie aiguë lymphoblastique", "LAL-B de l'enfant", "CAR-T", "cellules CAR-T",
        "allogeneic transplant", "greffe allogénique", "myelodysplastic syndromes", "syndromes myélodysplasiques",
        "chronic lymphocytic leukaemia", "leucémie lymphoïde chronique", "myeloproliferative neoplasms",
        "néoplasmes myéloprolifératifs", "single-cell genomics", "génomique des cellules uniques", "bioinformatics",
        "clonal haematopoiesis", "hématopoïèse clonale", "menin inhibitors", "IDH1 and IDH2 inhibitors",
        "venetoclax resistance", "résistance au vénétoclax", "leukaemic stem cells", "cellules souches leucémiques",
        "bone marrow niche", "niche médullaire", "immunotherapy", "immunothérapie", "paediatric leukaemia",
    ];

    private static readonly string[] Affiliations = ["Inserm"];

    private static readonly string[] Cities = ["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Strasbourg", "Montpellier", "Rennes", "Nice", "Grenoble"];

    private static readonly (OrganisationKind Kind, string Name)[] Kinds =
    [
        (OrganisationKind.ResearchTeam, "Laboratoire d'hématologie de {0}"),
        (OrganisationKind.ResearchTeam, "Centre de recherche en cancérologie de {0}"),
        (OrganisationKind.ResearchTeam, "Leukaemia research unit, {0}"),
        (OrganisationKind.RndPlatform, "Plateforme de cytométrie et génomique de {0}"),
        (OrganisationKind.RndPlatform, "Cell therapy facility, {0}"),
        (OrganisationKind.PartnerCompany, "{0} Therapeutics"),
        (OrganisationKind.PartnerCompany, "Diagnostics {0}"),
    ];

    private static readonly string[] TeamNames =
        ["Myeloid leukaemia lab", "Équipe leucémies aiguës", "Flow cytometry core", "Unité de greffe", "Translational genomics", "Immunothérapie cellulaire", "Haematopoiesis and niche"];

    private static readonly (string Title, string Description)[] Meetings =
    [
        ("Journée scientifique LAM", "Leucémies aiguës myéloïdes : maladie résiduelle mesurable, cytométrie en flux et greffe allogénique."),
        ("Symposium on MRD flow cytometry", "Measurable residual disease in AML and ALL, harmonised flow cytometry panels."),
        ("Webinaire CAR-T", "Cellules CAR-T dans la leucémie aiguë lymphoblastique de l'adulte et de l'enfant."),
        ("Myelodysplastic syndromes day", "Clonal haematopoiesis, MDS and the road to AML."),
    ];

    private static readonly (string Title, string Kind)[] Sessions =
    [
        ("Maladie résiduelle mesurable en cytométrie en flux", "Plenary"), ("Allogeneic transplant after venetoclax", "Oral"),
        ("NPM1-mutated AML: menin inhibitors", "Oral"), ("Posters : leucémies de l'enfant", "Poster"), ("Bioinformatics workshop", "Workshop"),
    ];

    private static readonly (string Title, string Summary, string[] DiseaseAreas, Capability[] Capabilities)[] Requests =
    [
        ("MRD assay validation in AML", "We seek a lab to validate our MRD flow cytometry assay on NPM1-mutated AML samples.", ["AML"], [Capability.MrdFlowCytometry]),
        ("Cohorte LAL pour biomarqueur", "Recherche d'une cohorte caractérisée de leucémies aiguës lymphoblastiques pour un biomarqueur.", ["LAL"], [Capability.CharacterisedCohorts]),
        ("CAR-T manufacturing partner", "Partner sought for CAR-T cell manufacturing and an early clinical trial.", ["ALL", "CAR-T"], [Capability.CellAndGeneTherapy, Capability.ClinicalTrials]),
        ("Target discovery in MDS", "Syndromes myélodysplasiques : découverte de cibles et profilage moléculaire.", ["MDS"], [Capability.TargetDiscovery, Capability.MolecularProfiling]),
    ];

    private static readonly Capability[] AllCapabilities = Enum.GetValues<Capability>();

    private readonly Random _random = new(15); // the same records every run of the tool (issue 15)
    private readonly List<Guid> _organisations = [];
    private readonly List<Guid> _companies = [];
    private int _teams;
    private int _people;
    private int _meetings;
    private int _requests;

    /// <summary>Records generated so far (each session counts as one: search finds it on its own).</summary>
    public int Records => _organisations.Count + _teams + _people + 4 * _meetings + _requests;

    /// <summary>Generates what is missing to reach about <paramref name="size"/> records (see <see cref="CaughtUpAsync"/>).</summary>
    public async Task GrowAsync(BenchContext bench, int size, CancellationToken cancellationToken)
    {
        if (Records >= size)
        {
            return;
        }

        var (organisations, teams, meetings, requests) = (Math.Max(1, size * 3 / 100), Math.Max(1, size * 12 / 100), size / 100, size / 100);
        var people = Math.Max(teams, size - organisations - teams - 4 * meetings - requests);

        await InParallelAsync(organisations - _organisations.Count, _ => AddOrganisationAsync(bench.Staff, cancellationToken), cancellationToken);
        var newTeams = teams - _teams;
        var newPeople = people - _people;
        await InParallelAsync(newTeams, i => AddTeamAsync(bench.Staff, newPeople / newTeams + (i < newPeople % newTeams ? 1 : 0), cancellationToken), cancellationToken);
        var firstMeeting = _meetings;
        await InParallelAsync(meetings - _meetings, i => AddMeetingAsync(bench.Staff, firstMeeting + i, cancellationToken), cancellationToken);

        // A partner drafts requests for its own company only: sent in process as each company's partner would, once
        // the organisation directory knows the companies.
        await CaughtUpAsync(bench);
        for (var i = _requests; i < requests && _companies.Count > 0; i++)
        {
            await DraftRequestAsync(bench, _companies[i % _companies.Count], Requests[i % Requests.Length], cancellationToken);
            _requests++;
        }
    }

    /// <summary>
    /// Until the asynchronous projections have caught up: the index then holds every record, and the work an earlier
    /// figure left them (I1's events) is not timed as this figure's.
    /// </summary>
    public static Task CaughtUpAsync(BenchContext bench) =>
        bench.Platform.Configuration["Projections:Daemon"] == "Disabled"
            ? Task.CompletedTask // nothing projects here (the projections' cost told from the writes'): nothing to wait for
            : bench.Platform.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(CatchUpWithin);

    private static Task InParallelAsync(int count, Func<int, Task> add, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Math.Max(count, 0)),
            new ParallelOptions { MaxDegreeOfParallelism = BenchContext.Writers, CancellationToken = cancellationToken },
            async (i, _) => await add(i));

    private T Pick<T>(IReadOnlyList<T> from)
    {
        lock (_random)
        {
            return from[_random.Next(from.Count)];
        }
    }

    private async Task AddOrganisationAsync(HttpClient staff, CancellationToken cancellationToken)
    {
        var (kind, name) = Pick(Kinds);
        var city = Pick(Cities);
        var acronym = "S" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var registered = await staff.PostAsJsonAsync("/api/organisations", new
        {
            name = $"{string.Format(System.Globalization.CultureInfo.InvariantCulture, name, city)} {acronym}", acronym, kind = kind.ToString(), city,
            country = "FR", affiliations = Affiliations, website = "https://example.org",
            size = kind == OrganisationKind.PartnerCompany ? "Sme" : null,
        }, cancellationToken);
        var id = await IdAsync(registered, "Registering an organisation", cancellationToken);
        using var capabilities = await staff.PostAsJsonAsync($"/api/organisations/{id}/capabilities",
            new { capabilities = new[] { Pick(AllCapabilities).ToString(), Pick(AllCapabilities).ToString() }.Distinct() }, cancellationToken);
        await PlatformUnderTest.EnsureSuccessAsync(capabilities, "Adding capabilities", cancellationToken);
        lock (_organisations)
        {
            _organisations.Add(id);
            if (kind == OrganisationKind.PartnerCompany)
            {
                _companies.Add(id);
            }
        }
    }

    /// <summary>A team of a network organisation (never a company's) with its roster: a lead, then members in varied roles.</summary>
    private async Task AddTeamAsync(HttpClient staff, int members, CancellationToken cancellationToken)
    {
        Guid organisation;
        lock (_organisations)
        {
            organisation = Pick(_organisations.Except(_companies).DefaultIfEmpty(_organisations[0]).ToList());
        }

        string[] focusAreas = [.. new[] { Pick(FocusAreas), Pick(FocusAreas), Pick(FocusAreas) }.Distinct()];
        using var created = await staff.PostAsJsonAsync("/api/teams", new { organisationId = organisation, name = Pick(TeamNames), focusAreas }, cancellationToken);
        var team = await IdAsync(created, "Creating a team", cancellationToken);
        var firstPerson = Interlocked.Add(ref _people, members) - members;
        await RosterImport.ImportAsync(staff, team, RosterImport.Roster(members, firstPerson), cancellationToken);
        Interlocked.Increment(ref _teams);
    }

    private async Task AddMeetingAsync(HttpClient staff, int index, CancellationToken cancellationToken)
    {
        var (title, description) = Meetings[index % Meetings.Length];
        var city = Pick(Cities);
        var day = new DateOnly(2027, 1, 4).AddDays(index);
        string At(int hour) => $"{day:yyyy-MM-dd}T{hour:00}:00:00";
        using var created = await staff.PostAsJsonAsync("/api/meetings", new
        {
            title = $"{title} {city} {index}", kind = "ScientificMeeting", start = At(9), end = At(18), timeZone = "Europe/Paris",
            venue = new { name = "Centre de congrès", city, country = "FR" }, description, visibility = "Public",
            organisers = Array.Empty<Guid>(), chairs = Array.Empty<object>(),
        }, cancellationToken);
        var meeting = await IdAsync(created, "Creating a meeting", cancellationToken);
        for (var s = 0; s < 3; s++)
        {
            var (session, kind) = Sessions[(index + s) % Sessions.Length];
            using var added = await staff.PostAsJsonAsync($"/api/meetings/{meeting}/sessions", new { title = session, kind, start = At(10 + 2 * s), end = At(11 + 2 * s) }, cancellationToken);
            await PlatformUnderTest.EnsureSuccessAsync(added, "Adding a session", cancellationToken);
        }

        Interlocked.Increment(ref _meetings);
    }

    private static async Task DraftRequestAsync(
        BenchContext bench, Guid company, (string Title, string Summary, string[] DiseaseAreas, Capability[] Capabilities) request, CancellationToken cancellationToken)
    {
        await using var scope = bench.Platform.Services.CreateAsyncScope();
        var caller = scope.ServiceProvider.GetRequiredService<Caller>();
        (caller.ActorId, caller.Role, caller.Organisation) = ($"bench-partner-{company:N}", Roles.Partner, company);
        var drafted = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new DraftRequestOperation.Command(request.Title, request.Summary, DiseaseAreas: request.DiseaseAreas, Capabilities: request.Capabilities)
            {
                RequestId = Guid.CreateVersion7(),
            },
            cancellationToken);
        if (drafted.Rejection is { } rejection)
        {
            throw new InvalidOperationException($"Drafting a request was refused: {rejection.Code}: {rejection.Message}");
        }
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        await PlatformUnderTest.EnsureSuccessAsync(response, what, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }
}
