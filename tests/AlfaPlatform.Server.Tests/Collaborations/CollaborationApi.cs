using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>Talking to the collaboration requests API as its parties do, and bringing requests to any state through it.</summary>
internal static class CollaborationApi
{
    public const string Requests = "/api/collaborations";

    /// <summary>The answer, failing the test with its body when its status is not <paramref name="expected"/>.</summary>
    public static async Task<HttpResponseMessage> ExpectAsync(this Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        var response = await sending;
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, " +
                $"got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public static async Task<JsonElement> OkJsonAsync(this Task<HttpResponseMessage> sending) =>
        await (await sending.ExpectAsync(HttpStatusCode.OK)).ReadAsync<JsonElement>();

    /// <summary>POST with a JSON body, or with none.</summary>
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, object? body) =>
        body is null ? client.PostAsync(url, null) : client.SendJsonAsync(HttpMethod.Post, url, body);

    /// <summary>
    /// Any method with <paramref name="body"/> as JSON, as a form a factory builds (an upload: each send a fresh
    /// content), or with none.
    /// </summary>
    public static Task<HttpResponseMessage> SendBodyAsync(this HttpClient client, HttpMethod method, string url, object? body) => body switch
    {
        null => client.SendAsync(new HttpRequestMessage(method, url)),
        Func<HttpContent> content => client.SendAsync(new HttpRequestMessage(method, url) { Content = content() }),
        _ => client.SendJsonAsync(method, url, body),
    };

    public static IEnumerable<Guid> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid());

    public static string State(this JsonElement request) => request.GetProperty("state").GetString()!;

    public static async Task<HttpClient> SignInAsPartnerOfANewCompanyAsync(this PlatformFixture platform) =>
        await platform.SignInAsAsync(["partner"], (await platform.Client.RegisterOrganisationAsync(kind: "PartnerCompany")).Id);

    /// <summary>
    /// A network organisation with one team (its focus areas given), whose lead is a person; with a role other than
    /// Lead, a second person joins in that role. The person in <paramref name="role"/> is linked to a new member
    /// account: signed in as it, with the team and its organisation.
    /// </summary>
    public static async Task<(HttpClient Member, Guid Team, Guid Organisation)> SignInAsMemberOfANewTeamAsync(
        this PlatformFixture platform, string role, params string[] focusAreas)
    {
        var staff = platform.Client;
        var organisation = await staff.RegisterOrganisationAsync(kind: "ResearchTeam");
        var created = await staff.SendJsonAsync(HttpMethod.Post, "/api/teams", new { organisationId = organisation.Id, name = $"Team {organisation.Acronym}", focusAreas })
            .ExpectAsync(HttpStatusCode.Created);
        var team = (await created.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
        var lead = await staff.RegisterPersonAsync("Lena", "Lead");
        await staff.AddMemberAsync(team, lead, "Lead", "2024-01-01").ExpectAsync(HttpStatusCode.OK);
        var person = lead;
        if (role != "Lead")
        {
            person = await staff.RegisterPersonAsync("Marc", "Member");
            await staff.AddMemberAsync(team, person, role, "2024-02-01").ExpectAsync(HttpStatusCode.OK);
        }

        var userName = $"member-{Guid.NewGuid():N}@example.org";
        var account = await (await staff.SendJsonAsync(HttpMethod.Post, "/api/accounts", new
        {
            userName, displayName = $"{role} of {organisation.Acronym}", roles = new[] { "member" }, password = "a-long-enough-password",
        }).ExpectAsync(HttpStatusCode.Created)).ReadAsync<JsonElement>();
        await staff.SendJsonAsync(HttpMethod.Put, $"/api/people/{person}/account", new { accountId = account.GetProperty("account").GetProperty("id").GetGuid() })
            .ExpectAsync(HttpStatusCode.OK);
        var client = PlatformFixture.CreateClient(platform.App);
        await Accounts.SignInAsync(client, userName, "a-long-enough-password");
        return (client, team, organisation.Id);
    }
}

/// <summary>
/// Brings one partner's requests to any state through the API, each step by the role that takes it: drafted, submitted,
/// screened, accepted, routed to teams A and B, A's interested answer (staff answer on its behalf), shortlisted, A
/// selected, a research collaboration agreement, active, completed; or declined in screening, or withdrawn once submitted.
/// </summary>
internal sealed class RequestJourney(HttpClient staff, HttpClient partner, Guid teamA, Guid teamB)
{
    public const string ConfidentialDetails = "Compound ALX-17, phase II, dosing schedule attached";

    public static readonly DateOnly SignedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7);

    public HttpClient Staff => staff;

    public HttpClient Partner => partner;

    public Guid TeamA => teamA;

    public Guid TeamB => teamB;

    public static object Details(string title = "NPM1 MRD follow-up", bool agreementRequired = true, params string[] diseaseAreas) => new
    {
        title,
        summary = "MRD monitoring in NPM1-mutated AML",
        confidentialDetails = ConfidentialDetails,
        confidentialityAgreementRequired = agreementRequired,
        kinds = new[] { "MrdMonitoring" },
        diseaseAreas = diseaseAreas.Length == 0 ? ["AML"] : diseaseAreas,
        capabilities = new[] { "MrdFlowCytometry" },
        budgetMinEuros = 100_000,
        budgetMaxEuros = 250_000,
        desiredStart = "2027-01-04",
        durationMonths = 18,
    };

    public async Task<Guid> DraftAsync(object? details = null)
    {
        var response = await partner.SendJsonAsync(HttpMethod.Post, CollaborationApi.Requests, details ?? Details()).ExpectAsync(HttpStatusCode.Created);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A new request in <paramref name="state"/>.</summary>
    public async Task<Guid> InStateAsync(RequestState state)
    {
        var id = await DraftAsync(Details($"A request in {state}"));
        IEnumerable<(HttpClient Client, string Step, object? Body)> steps = state switch
        {
            RequestState.Declined => [.. Path.Take(2), (staff, "decline", new { reason = "OutOfScope", message = "Not leukaemia" })],
            RequestState.Withdrawn => [.. Path.Take(1), (partner, "withdraw", new { reason = "Programme stopped" })],
            _ => Path.Take(StepsTo[state]),
        };
        foreach (var (client, step, body) in steps)
        {
            await client.PostAsync($"{CollaborationApi.Requests}/{id}/{step}", body).ExpectAsync(HttpStatusCode.OK);
        }

        var reached = await staff.GetAsync($"{CollaborationApi.Requests}/{id}").OkJsonAsync();
        Assert.Equal(state.ToString(), reached.State());
        return id;
    }

    private static readonly Dictionary<RequestState, int> StepsTo = new()
    {
        [RequestState.Draft] = 0,
        [RequestState.Submitted] = 1,
        [RequestState.Screening] = 2,
        [RequestState.Assessment] = 5,
        [RequestState.Shortlisted] = 6,
        [RequestState.Contracting] = 8,
        [RequestState.Active] = 9,
        [RequestState.Completed] = 10,
    };

    private IReadOnlyList<(HttpClient Client, string Step, object? Body)> Path =>
    [
        (partner, "submit", null),
        (staff, "screening", null),
        (staff, "accept", new { note = "fits the network" }),
        (staff, "routings", new { targetId = teamA, reason = "MRD flow cytometry" }),
        (staff, $"routings/{teamA}/answer", new { interested = true, approach = "Flow MRD at three time points", indicativeBudgetEuros = 180_000, timeline = "12 months" }),
        (staff, "shortlist", new { targetIds = new[] { teamA } }),
        (partner, "select", new { targetId = teamA }),
        (staff, "agreements", new { kind = "ResearchCollaboration", parties = new[] { "Partner", "OPALE" }, valueEuros = 180_000, signedOn = SignedOn }),
        (staff, "activate", null),
        (staff, "complete", new { outcomeNote = "Delivered: MRD kinetics for 120 patients" }),
    ];
}
