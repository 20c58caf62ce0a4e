using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Tests.Collaborations;

/// <summary>What a request waits for, from whom and by when, in every state: given its events, then <see cref="Awaiting.Of"/>.</summary>
public sealed class AwaitingTests
{
    private static readonly Guid Partner = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid TeamA = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid TeamB = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly DateOnly ScreeningDue = new(2026, 3, 6);
    private static readonly DateOnly AnswerDueA = new(2026, 3, 20);
    private static readonly DateOnly AnswerDueB = new(2026, 3, 13);

    private static readonly RequestDetails Details = new(
        "NPM1 MRD follow-up", "MRD monitoring in NPM1-mutated AML", null, false,
        [CollaborationKind.MrdMonitoring], ["AML"], [Capability.MrdFlowCytometry], null, null, null, null);

    private static readonly AgreementRecorded Nda = new(AgreementKind.Confidentiality, ["Acme", "OPALE"], 0m, new DateOnly(2026, 2, 1));
    private static readonly AgreementRecorded Research = new(AgreementKind.ResearchCollaboration, ["Acme", "OPALE"], 180_000m, new DateOnly(2026, 2, 15));

    private static readonly object[] Drafted = [new RequestDrafted(Guid.NewGuid(), Partner, Details)];
    private static readonly object[] Submitted = [.. Drafted, new RequestSubmitted(ScreeningDue)];
    private static readonly object[] Assessed = [.. Submitted, new ScreeningStarted(), new AcceptedForAssessment(null)];
    private static readonly object[] RoutedTwice =
    [
        .. Assessed,
        new RequestRouted(TeamA, "capabilities match", RoutingTargetKind.Team, AnswerDueA),
        new RequestRouted(TeamB, "focus areas match", RoutingTargetKind.Team, AnswerDueB),
    ];

    private static readonly object[] Answered =
    [
        .. RoutedTwice,
        new RoutingAnswered(TeamA, true, "Flow MRD at 3 time points", 180_000m, "12 months", null),
        new RoutingAnswered(TeamB, false, null, null, null, DeclineReason.NoCapacity),
    ];

    private static readonly object[] Shortlisted = [.. Answered, new ProposalsShortlisted([TeamA])];
    private static readonly object[] Contracting = [.. Shortlisted, new ProposalSelected(TeamA)];
    private static readonly object[] Active = [.. Contracting, Nda, Research, new RequestActivated()];
    private static readonly object[] Completed = [.. Active, new RequestCompleted("Delivered")];

    private static Awaiting Given(params object[] events)
    {
        CollaborationRequest? state = null;
        foreach (var e in events)
        {
            state = CollaborationRequest.Evolve(state, e);
        }

        return Awaiting.Of(state!);
    }

    [Fact]
    public void a_draft_waits_for_the_partner_to_submit() =>
        Assert.Equal(new Awaiting(AwaitedParty.Partner, AwaitedStep.Submit), Given(Drafted));

    [Fact]
    public void a_submitted_request_waits_for_the_network_to_screen_it_by_its_due_date() =>
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Screening, ScreeningDue), Given(Submitted));

    [Fact]
    public void in_screening_the_network_still_screens_by_the_same_date_even_once_overdue()
    {
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Screening, ScreeningDue), Given([.. Submitted, new ScreeningStarted()]));
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Screening, ScreeningDue),
            Given([.. Submitted, new ScreeningStarted(), new ScreeningOverdue(ScreeningDue)]));
    }

    [Fact]
    public void a_request_submitted_before_time_limits_waits_for_screening_without_a_date() =>
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Screening), Given([.. Drafted, new RequestSubmitted()]));

    [Fact]
    public void in_assessment_with_nothing_routed_the_network_routes_it() =>
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Assessment), Given(Assessed));

    [Fact]
    public void routed_teams_owe_their_answers_by_the_earliest_date_still_running()
    {
        Assert.Equal(new Awaiting(AwaitedParty.Teams, AwaitedStep.Answers, AnswerDueB), Given(RoutedTwice));
        Assert.Equal(new Awaiting(AwaitedParty.Teams, AwaitedStep.Answers, AnswerDueA),
            Given([.. RoutedTwice, new RoutingAnswered(TeamB, true, "approach", 1m, "6 months", null)]));
    }

    [Fact]
    public void once_every_routed_team_answered_the_network_shortlists() =>
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Assessment), Given(Answered));

    [Fact]
    public void a_shortlist_waits_for_the_partner_to_select() =>
        Assert.Equal(new Awaiting(AwaitedParty.Partner, AwaitedStep.Selection), Given(Shortlisted));

    [Fact]
    public void in_contracting_the_network_records_the_agreement_then_activates()
    {
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Agreement), Given(Contracting));
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Agreement), Given([.. Contracting, Nda])); // confidentiality alone does not start the work
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Activation), Given([.. Contracting, Research]));
    }

    [Fact]
    public void an_active_collaboration_waits_for_the_network_to_complete_it() =>
        Assert.Equal(new Awaiting(AwaitedParty.Network, AwaitedStep.Completion), Given(Active));

    [Fact]
    public void a_completed_request_waits_for_the_partners_rating_then_for_nobody()
    {
        Assert.Equal(new Awaiting(AwaitedParty.Partner, AwaitedStep.Rating), Given(Completed));
        Assert.Equal(Awaiting.Nobody, Given([.. Completed, new SatisfactionRated(5, null)]));
    }

    [Fact]
    public void a_declined_or_withdrawn_request_waits_for_nobody()
    {
        Assert.Equal(Awaiting.Nobody, Given([.. RoutedTwice, new RequestDeclined(DeclineReason.OutOfScope, "Not leukaemia")]));
        Assert.Equal(Awaiting.Nobody, Given([.. Submitted, new RequestWithdrawn("Programme stopped")]));
    }

    [Fact]
    public void every_state_has_an_answer()
    {
        foreach (var state in Enum.GetValues<RequestState>())
        {
            var request = CollaborationRequest.Evolve(null, Drafted[0]) with { State = state };
            Assert.Equal(state is RequestState.Declined or RequestState.Withdrawn, Awaiting.Of(request) == Awaiting.Nobody);
        }
    }
}
