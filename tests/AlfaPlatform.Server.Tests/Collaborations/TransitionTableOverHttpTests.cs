using System.Net;
using System.Text.Json;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Tests.Fixtures;
using AlfaPlatform.Server.Tests.Teams;
using static AlfaPlatform.Server.Tests.Collaborations.CollaborationApi;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// <see cref="RequestTransitions.Table"/> as the API enforces it: every verb of the table is sent in every state, by the
/// role it belongs to and with a valid body. The expectations are read from the table itself, so a row added to or
/// removed from it changes what this test expects.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TransitionTableOverHttpTests(PlatformFixture platform)
{
    private enum Party
    {
        Partner,
        Staff,
    }

    private static readonly string[] Parties = ["Partner", "OPALE"];

    /// <summary>The route, role and a valid body of each verb; null for a verb that no route sends.</summary>
    private static (Party By, HttpMethod Method, string Path, object? Body)? Http(RequestAction action, Guid teamA, Guid teamB) => action switch
    {
        RequestAction.EditDraft => (Party.Partner, HttpMethod.Put, "draft", RequestJourney.Details("Edited draft")),
        RequestAction.Submit => (Party.Partner, HttpMethod.Post, "submit", null),
        RequestAction.StartScreening => (Party.Staff, HttpMethod.Post, "screening", null),
        RequestAction.AcceptForAssessment => (Party.Staff, HttpMethod.Post, "accept", new { note = "fits the network" }),
        RequestAction.Route => (Party.Staff, HttpMethod.Post, "routings", new { targetId = teamB, reason = "a second opinion" }),
        RequestAction.AnswerRouting => (Party.Staff, HttpMethod.Post, $"routings/{teamB}/answer", new { interested = false, notInterestedBecause = "NoCapacity" }),
        RequestAction.Shortlist => (Party.Staff, HttpMethod.Post, "shortlist", new { targetIds = new[] { teamA } }),
        RequestAction.SelectProposal => (Party.Partner, HttpMethod.Post, "select", new { targetId = teamA }),
        RequestAction.RecordConfidentialityAgreement => (Party.Staff, HttpMethod.Post, "agreements",
            new { kind = "Confidentiality", parties = Parties, valueEuros = 0, signedOn = RequestJourney.SignedOn }),
        RequestAction.RecordAgreement => (Party.Staff, HttpMethod.Post, "agreements",
            new { kind = "MaterialTransfer", parties = Parties, valueEuros = 5_000, signedOn = RequestJourney.SignedOn }),
        RequestAction.Activate => (Party.Staff, HttpMethod.Post, "activate", null),
        RequestAction.Complete => (Party.Staff, HttpMethod.Post, "complete", new { outcomeNote = "Delivered" }),
        RequestAction.RateSatisfaction => (Party.Partner, HttpMethod.Post, "satisfaction", new { score = 5 }),
        RequestAction.Decline => (Party.Staff, HttpMethod.Post, "decline", new { reason = "Duplicate", message = "Same as an earlier request" }),
        RequestAction.Withdraw => (Party.Partner, HttpMethod.Post, "withdraw", new { reason = "Budget cut" }),
        RequestAction.PostMessage => (Party.Partner, HttpMethod.Post, "messages", new { text = "Any news?" }),
        RequestAction.ManageDocuments => (Party.Partner, HttpMethod.Post, "documents", null), // a PDF, sent as a form (SendAsync)
        // No route: only the request's own reminder sends it (CollaborationGrain.ReceiveReminder), never a caller.
        RequestAction.CheckTimeLimits => null,
        _ => throw new InvalidOperationException($"{action} is a verb of the table this test does not know how to send: add its route."),
    };

    [Fact]
    public async Task every_action_the_table_does_not_allow_is_409_naming_the_state_and_every_one_it_allows_is_taken()
    {
        var staff = platform.Client;
        using var partner = await platform.SignInAsPartnerOfANewCompanyAsync();
        var teamA = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync()).Id, "Team A");
        var teamB = await staff.CreateTeamAsync((await staff.RegisterOrganisationAsync()).Id, "Team B");
        var journey = new RequestJourney(staff, partner, teamA, teamB);
        var actions = Enum.GetValues<RequestAction>().Where(a => Http(a, teamA, teamB) is not null).ToList();
        Assert.Equal([RequestAction.CheckTimeLimits], Enum.GetValues<RequestAction>().Except(actions));
        var allowed = RequestTransitions.Table.Where(t => actions.Contains(t.Key.Action)).OrderBy(t => t.Key.From).ThenBy(t => t.Key.Action).ToList();

        // One request per state, and one more for each step that leaves its state (built side by side: they are independent).
        var states = Enum.GetValues<RequestState>();
        var leaving = allowed.Where(t => t.Value != t.Key.From).Select(t => t.Key).ToList();
        var built = await Task.WhenAll(states.Concat(leaving.Select(k => k.From)).Select(journey.InStateAsync));
        var inState = states.Zip(built).ToDictionary(x => x.First, x => x.Second);
        var own = leaving.Zip(built.Skip(states.Length)).ToDictionary(x => x.First, x => x.Second);

        // Refused: one request per state takes every verb the table does not allow there, and nothing is appended.
        var before = await platform.CountEventsAsync();
        var wrong = new List<string>();
        var refused = 0;
        foreach (var (state, request) in inState)
        {
            foreach (var action in actions.Where(a => !RequestTransitions.Table.ContainsKey((state, a))))
            {
                refused++;
                var response = await SendAsync(journey, request, action);
                var body = await response.Content.ReadAsStringAsync();
                var problem = response.StatusCode == HttpStatusCode.Conflict ? JsonDocument.Parse(body).RootElement : default;
                if (response.StatusCode != HttpStatusCode.Conflict
                    || problem.GetProperty("code").GetString() != "illegal_transition"
                    || problem.GetProperty("detail").GetString()?.Contains(state.ToString(), StringComparison.Ordinal) != true)
                {
                    wrong.Add($"{action} in {state}: {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before, await platform.CountEventsAsync());
        Assert.Equal((states.Length * actions.Count) - allowed.Count, refused);

        // Allowed: taken, and the request is then in the state the table names. A step that leaves the state is taken on
        // a request of its own; those that keep it are taken in turn on the request of that state.
        foreach (var ((state, action), next) in allowed)
        {
            var request = next == state ? inState[state] : own[(state, action)];
            var response = await SendAsync(journey, request, action);
            var now = (await staff.GetAsync($"{Requests}/{request}").OkJsonAsync()).State();
            if (!response.IsSuccessStatusCode || now != next.ToString())
            {
                wrong.Add($"{action} in {state}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, now {now}, expected {next}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static Task<HttpResponseMessage> SendAsync(RequestJourney journey, Guid request, RequestAction action)
    {
        var (by, method, path, body) = Http(action, journey.TeamA, journey.TeamB)!.Value;
        var client = by == Party.Staff ? journey.Staff : journey.Partner;
        var url = $"{Requests}/{request}/{path}";
        if (action == RequestAction.ManageDocuments)
        {
            return SampleDocuments.UploadAsync(client, request, "protocol.pdf", SampleDocuments.Pdf(), "application/pdf");
        }

        return body is null ? client.SendAsync(new HttpRequestMessage(method, url)) : client.SendJsonAsync(method, url, body);
    }
}
