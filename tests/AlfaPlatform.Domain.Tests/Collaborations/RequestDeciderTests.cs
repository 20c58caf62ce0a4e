using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Tests.Collaborations;

public sealed class RequestDeciderTests : DeciderSpec<CollaborationRequest>
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly Guid Partner = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid TeamA = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid TeamB = Guid.Parse("00000000-0000-0000-0000-0000000000b2");

    private static readonly RequestDetails Details = new(
        "NPM1 MRD follow-up", "MRD monitoring in NPM1-mutated AML", "Compound X, phase II", true,
        [CollaborationKind.MrdMonitoring], ["AML"], [Capability.MrdFlowCytometry], 100_000m, 250_000m, new DateOnly(2026, 6, 1), 18);

    private static readonly AgreementRecorded Nda = new(AgreementKind.Confidentiality, ["Acme", "OPALE"], 0m, new DateOnly(2026, 2, 1));

    /// <summary>The events that bring a request to each state, along the happy path or off it.</summary>
    private static object[] EventsUpTo(RequestState state)
    {
        var path = new List<object>
        {
            new RequestDrafted(Guid.NewGuid(), Partner, Details),
            new RequestSubmitted(),
            new ScreeningStarted(),
            new AcceptedForAssessment(null),
            new RequestRouted(TeamA, "capabilities match", RoutingTargetKind.Team, null),
            new RoutingAnswered(TeamA, true, "Flow MRD at 3 time points", 180_000m, "12 months", null),
            new ProposalsShortlisted([TeamA]),
            new ProposalSelected(TeamA),
            Nda,
            new RequestActivated(),
            new RequestCompleted("Delivered"),
        };
        var take = state switch
        {
            RequestState.Draft => 1,
            RequestState.Submitted => 2,
            RequestState.Screening => 3,
            RequestState.Assessment => 6,
            RequestState.Shortlisted => 7,
            RequestState.Contracting => 9,
            RequestState.Active => 10,
            RequestState.Completed => 11,
            RequestState.Declined => 3,
            RequestState.Withdrawn => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        var events = path.Take(take).ToList();
        if (state == RequestState.Declined)
        {
            events.Add(new RequestDeclined(DeclineReason.OutOfScope, "Not leukaemia"));
        }
        else if (state == RequestState.Withdrawn)
        {
            events.Add(new RequestWithdrawn("Programme stopped"));
        }

        return [.. events];
    }

    /// <summary>One command per action, valid in the state the table allows it in.</summary>
    private static readonly RequestCommand[] OneOfEach =
    [
        new UpdateDraft(Details),
        new SubmitRequest(),
        new StartScreening(),
        new AcceptForAssessment("fits"),
        new RouteRequest(TeamB, "focus areas match", RoutingTargetKind.Team),
        new AnswerRouting(TeamA, true, "approach", 1m, "6 months", null),
        new Shortlist([TeamA]),
        new SelectProposal(TeamA),
        new RecordAgreement(AgreementKind.ResearchCollaboration, ["Acme", "OPALE"], 180_000m, new DateOnly(2026, 2, 15)),
        new ActivateRequest(),
        new CompleteRequest("Delivered"),
        new RateSatisfaction(5, "Fast and clear"),
        new DeclineRequest(DeclineReason.NoCapacity, "No team free this year"),
        new WithdrawRequest("Budget cut"),
        new RecordAgreement(AgreementKind.Confidentiality, ["Acme", "OPALE"], 0m, new DateOnly(2026, 2, 15)),
        new PostMessage(Guid.NewGuid(), "Any news?", new MessageAuthor("partner-1", "Ana", "partner", null)),
        new CheckTimeLimits(),
        new AttachDocument(Guid.NewGuid(), "protocol.pdf", "application/pdf", 1_024, "ab", new MessageAuthor("partner-1", "Ana", "partner", null), At),
    ];

    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<RequestState, int> EveryStateAndAction()
    {
        var data = new TheoryData<RequestState, int>();
        foreach (var state in Enum.GetValues<RequestState>())
        {
            for (var i = 0; i < OneOfEach.Length; i++)
            {
                data.Add(state, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void every_action_is_allowed_exactly_where_the_table_says_and_refused_naming_the_state_elsewhere(RequestState state, int action)
    {
        Given(EventsUpTo(state));
        var command = OneOfEach[action];

        var decision = RequestDecider.Decide(State, command, Today);

        if (RequestTransitions.Next(state, command.Action) is { } next)
        {
            Assert.True(decision.IsAccepted || decision.Rejection!.Code != "illegal_transition", $"{command.Action} in {state}");
            if (decision.IsAccepted && decision.Events.Count > 0)
            {
                Assert.Equal(next, EventSourced.Fold(decision.Events, State)!.State);
            }
        }
        else
        {
            ThenRejected(decision, RejectionKind.Conflict, "illegal_transition");
            Assert.Contains(state.ToString(), decision.Rejection!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void the_table_lets_decline_and_withdraw_end_every_open_state_and_nothing_leave_a_closed_one()
    {
        foreach (var open in RequestTransitions.Open)
        {
            Assert.Equal(RequestState.Declined, RequestTransitions.Next(open, RequestAction.Decline));
            Assert.Equal(RequestState.Withdrawn, RequestTransitions.Next(open, RequestAction.Withdraw));
        }

        Assert.All(new[] { RequestState.Declined, RequestState.Withdrawn }, closed =>
            Assert.DoesNotContain(RequestTransitions.Table.Keys, key => key.From == closed));
        Assert.Equal([RequestAction.RateSatisfaction], RequestTransitions.Table.Keys.Where(k => k.From == RequestState.Completed).Select(k => k.Action));
    }

    [Fact]
    public void the_decider_walks_a_request_from_draft_to_completed_through_each_state_in_turn()
    {
        (RequestCommand Command, RequestState Then)[] steps =
        [
            (new DraftRequest(Partner, Details), RequestState.Draft),
            (new UpdateDraft(Details with { Title = "Edited" }), RequestState.Draft),
            (new SubmitRequest(), RequestState.Submitted),
            (new StartScreening(), RequestState.Screening),
            (new AcceptForAssessment(null), RequestState.Assessment),
            (new RouteRequest(TeamA, "match", RoutingTargetKind.Team), RequestState.Assessment),
            (new AnswerRouting(TeamA, true, "approach", 10m, "soon", null), RequestState.Assessment),
            (new Shortlist([TeamA]), RequestState.Shortlisted),
            (new SelectProposal(TeamA), RequestState.Contracting),
            (new RecordAgreement(AgreementKind.Service, ["Acme", "OPALE"], 90_000m, Today), RequestState.Contracting),
            (new ActivateRequest(), RequestState.Active),
            (new CompleteRequest("Done"), RequestState.Completed),
            (new RateSatisfaction(4, null), RequestState.Completed),
        ];

        var history = new List<object>();
        foreach (var (command, then) in steps)
        {
            var decision = When(command);
            Assert.True(decision.IsAccepted, $"{command.GetType().Name}: {decision.Rejection?.Code}");
            history.AddRange(decision.Events);
            Assert.Equal(then, Given([.. history])!.State);
        }
    }

    [Fact]
    public void a_request_walks_from_draft_to_completed()
    {
        var state = EventSourced.Fold<CollaborationRequest>(EventsUpTo(RequestState.Completed))!;

        Assert.Equal(RequestState.Completed, state.State);
        Assert.Equal(TeamA, state.Selected);
        Assert.Equal([TeamA], state.Shortlisted);
        Assert.Single(state.Agreements);
        Assert.Equal("Delivered", state.Outcome);
    }

    [Fact]
    public void a_target_answers_only_once_and_only_if_routed_and_says_why_it_is_not_interested()
    {
        Given([.. EventsUpTo(RequestState.Assessment), new RequestRouted(TeamB, "focus", RoutingTargetKind.Team, null)]);

        ThenRejected(When(new AnswerRouting(TeamA, true, null, null, null, null)), RejectionKind.Conflict, "already_answered");
        ThenRejected(When(new AnswerRouting(Guid.NewGuid(), true, null, null, null, null)), RejectionKind.Conflict, "not_routed");
        ThenRejected(When(new AnswerRouting(TeamB, false, null, null, null, null)), RejectionKind.Conflict, "reason_required");
        ThenEvents(When(new AnswerRouting(TeamB, false, "ignored", 5m, null, DeclineReason.NoCapacity)),
            new RoutingAnswered(TeamB, false, "ignored", 5m, null, DeclineReason.NoCapacity));
    }

    [Fact]
    public void only_interested_answers_are_shortlisted_and_only_shortlisted_proposals_selected()
    {
        Given([.. EventsUpTo(RequestState.Assessment), new RequestRouted(TeamB, "focus", RoutingTargetKind.Team, null), new RoutingAnswered(TeamB, false, null, null, null, DeclineReason.NoCapacity)]);

        ThenRejected(When(new Shortlist([TeamB])), RejectionKind.Conflict, "not_a_proposal");
        ThenRejected(When(new Shortlist([])), RejectionKind.Conflict, "not_a_proposal");
        ThenEvents(When(new Shortlist([TeamA, TeamA])), new ProposalsShortlisted([TeamA]));

        Given(EventsUpTo(RequestState.Shortlisted));
        ThenRejected(When(new SelectProposal(TeamB)), RejectionKind.Conflict, "not_shortlisted");
    }

    [Fact]
    public void a_collaboration_starts_with_an_agreement_signed_in_the_past_and_is_rated_once_from_one_to_five()
    {
        Given([.. EventsUpTo(RequestState.Contracting).Where(e => e is not AgreementRecorded)]);
        ThenRejected(When(new ActivateRequest()), RejectionKind.Conflict, "no_agreement");
        ThenRejected(When(new RecordAgreement(AgreementKind.Licence, ["Acme"], 1m, Today.AddDays(1))), RejectionKind.Conflict, "date_in_future");

        Given(EventsUpTo(RequestState.Completed));
        ThenRejected(When(new RateSatisfaction(0, null)), RejectionKind.Conflict, "score_out_of_range");
        ThenRejected(When(new RateSatisfaction(6, null)), RejectionKind.Conflict, "score_out_of_range");
        Given([.. EventsUpTo(RequestState.Completed), new SatisfactionRated(4, null)]);
        ThenRejected(When(new RateSatisfaction(5, null)), RejectionKind.Conflict, "already_rated");
    }

    [Fact]
    public void a_request_is_drafted_once_and_nothing_else_happens_to_one_that_does_not_exist()
    {
        Given();
        ThenRejected(When(new SubmitRequest()), RejectionKind.NotFound, "not_found");
        var drafted = RequestDecider.WithIdentity(When(new DraftRequest(Partner, Details)), TeamB);
        Assert.Equal(TeamB, Assert.IsType<RequestDrafted>(Assert.Single(drafted.Events)).RequestId);

        Given(EventsUpTo(RequestState.Draft));
        ThenRejected(When(new DraftRequest(Partner, Details)), RejectionKind.Conflict, "already_drafted");
    }

    [Fact]
    public void screening_is_due_five_working_days_after_submission_and_flagged_once_the_day_after()
    {
        Given(EventsUpTo(RequestState.Draft));
        var submitted = Assert.IsType<RequestSubmitted>(Assert.Single(When(new SubmitRequest()).Events));
        Assert.Equal(new DateOnly(2026, 3, 6), submitted.ScreeningDueOn); // Sunday 1 March: Monday to Friday count

        Given([.. EventsUpTo(RequestState.Draft), submitted, new ScreeningStarted()]);
        Assert.True(State!.HasRunningTimeLimits());
        ThenEvents(RequestDecider.Decide(State, new CheckTimeLimits(), new DateOnly(2026, 3, 6)));
        ThenEvents(RequestDecider.Decide(State, new CheckTimeLimits(), new DateOnly(2026, 3, 7)), new ScreeningOverdue(new DateOnly(2026, 3, 6)));

        Given([.. EventsUpTo(RequestState.Draft), submitted, new ScreeningOverdue(new DateOnly(2026, 3, 6))]);
        Assert.True(State!.Screening!.IsOverdue);
        Assert.False(State.HasRunningTimeLimits());
        ThenEvents(RequestDecider.Decide(State, new CheckTimeLimits(), new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void an_answer_is_due_ten_working_days_after_routing_and_only_unanswered_routings_go_overdue()
    {
        Given(EventsUpTo(RequestState.Assessment));
        var routed = Assert.IsType<RequestRouted>(Assert.Single(When(new RouteRequest(TeamB, "focus", RoutingTargetKind.Team)).Events));
        Assert.Equal(new DateOnly(2026, 3, 13), routed.AnswerDueOn);

        Given([.. EventsUpTo(RequestState.Assessment), routed]);
        var late = new DateOnly(2026, 3, 16);
        ThenEvents(RequestDecider.Decide(State, new CheckTimeLimits(), late), new AnswerOverdue(TeamB, new DateOnly(2026, 3, 13)));

        Given([.. EventsUpTo(RequestState.Assessment), routed, new RoutingAnswered(TeamB, false, null, null, null, DeclineReason.NoCapacity)]);
        Assert.False(State!.HasRunningTimeLimits());
        ThenEvents(RequestDecider.Decide(State, new CheckTimeLimits(), late));
    }

    [Fact]
    public void a_confidentiality_agreement_may_come_during_assessment_while_other_agreements_wait_for_contracting()
    {
        Given(EventsUpTo(RequestState.Assessment));
        Assert.False(State!.ConfidentialDetailsOpenTo(TeamA)); // the partner asked for an agreement first
        var nda = When(new RecordAgreement(AgreementKind.Confidentiality, ["Acme", "OPALE"], 0m, Today));
        Assert.True(nda.IsAccepted);
        ThenRejected(When(new RecordAgreement(AgreementKind.Service, ["Acme"], 1m, Today)), RejectionKind.Conflict, "illegal_transition");

        Given([.. EventsUpTo(RequestState.Assessment), .. nda.Events]);
        Assert.True(State!.ConfidentialDetailsOpenTo(TeamA));
        Assert.False(State.ConfidentialDetailsOpenTo(TeamB)); // not routed there
    }

    [Fact]
    public void a_team_joins_the_conversation_once_shortlisted_and_sees_only_what_is_said_from_then_on()
    {
        var team = new MessageAuthor("member-1", "Léa", "member", TeamA);
        var staff = new MessageAuthor("staff-1", "Paul", "staff", null);
        Given(EventsUpTo(RequestState.Assessment));
        ThenRejected(When(new PostMessage(Guid.NewGuid(), "We can help", team)), RejectionKind.Conflict, "not_in_conversation");
        var before = Assert.IsType<MessagePosted>(Assert.Single(When(new PostMessage(Guid.NewGuid(), "Routing today", staff)).Events));
        Assert.False(before.SharedWithTargets);

        Given([.. EventsUpTo(RequestState.Shortlisted), before]);
        var after = Assert.IsType<MessagePosted>(Assert.Single(When(new PostMessage(Guid.NewGuid(), "Happy to present", team)).Events));
        Assert.True(after.SharedWithTargets);
        ThenRejected(When(new PostMessage(before.MessageId, "again", staff)), RejectionKind.Conflict, "duplicate_message");
    }

    [Fact]
    public void a_team_reads_the_confidential_details_only_while_it_is_in_the_running_and_never_once_the_request_is_closed()
    {
        var routedB = new RequestRouted(TeamB, "focus", RoutingTargetKind.Team, null);
        var assessment = EventsUpTo(RequestState.Assessment).Append(routedB).Append(Nda).ToArray();
        Given(assessment);
        Assert.True(State!.ConfidentialDetailsOpenTo(TeamA));
        Assert.True(State.ConfidentialDetailsOpenTo(TeamB)); // routed, not answered yet

        Given([.. assessment, new RoutingAnswered(TeamB, false, null, null, null, DeclineReason.NoCapacity)]);
        Assert.False(State!.ConfidentialDetailsOpenTo(TeamB)); // out by its own answer

        var teamC = Guid.NewGuid();
        Given([.. assessment, new RequestRouted(teamC, "x", RoutingTargetKind.Team, null), new RoutingAnswered(teamC, true, "a", 1m, "t", null),
            new ProposalsShortlisted([TeamA])]);
        Assert.True(State!.ConfidentialDetailsOpenTo(TeamA));
        Assert.False(State.ConfidentialDetailsOpenTo(teamC)); // interested but not shortlisted

        Given([.. assessment, new ProposalsShortlisted([TeamA]), new ProposalSelected(TeamA), new RequestDeclined(DeclineReason.Other, "stop")]);
        Assert.False(State!.ConfidentialDetailsOpenTo(TeamA)); // closed
    }

    [Fact]
    public void a_shortlisted_team_reads_what_the_partner_and_staff_say_and_its_own_but_never_a_competing_teams_messages()
    {
        var fromStaff = new MessagePosted(Guid.NewGuid(), "Both proposals look good", new MessageAuthor("s", "Paul", "staff", null), SharedWithTargets: true);
        var fromA = new MessagePosted(Guid.NewGuid(), "Our price", new MessageAuthor("m", "Léa", "member", TeamA), SharedWithTargets: true);
        var beforeShortlist = fromStaff with { SharedWithTargets = false };

        Assert.True(fromStaff.Reaches(TeamA) && fromStaff.Reaches(TeamB));
        Assert.True(fromA.Reaches(TeamA));
        Assert.False(fromA.Reaches(TeamB));
        Assert.False(beforeShortlist.Reaches(TeamA));
    }

    [Fact]
    public void a_confidentiality_agreement_alone_does_not_start_a_collaboration()
    {
        Given([.. EventsUpTo(RequestState.Contracting)]); // holds the NDA only
        ThenRejected(When(new ActivateRequest()), RejectionKind.Conflict, "no_agreement");

        Given([.. EventsUpTo(RequestState.Contracting), new AgreementRecorded(AgreementKind.Service, ["Acme", "OPALE"], 90_000m, Today)]);
        ThenEvents(When(new ActivateRequest()), new RequestActivated());
    }

    [Fact]
    public void a_shortlisted_team_leaves_the_conversation_when_another_is_chosen()
    {
        var teamB = new MessageAuthor("m-b", "Bo", "member", TeamB);
        var both = EventsUpTo(RequestState.Assessment)
            .Append(new RequestRouted(TeamB, "focus", RoutingTargetKind.Team, null))
            .Append(new RoutingAnswered(TeamB, true, "b", 1m, "t", null))
            .Append(new ProposalsShortlisted([TeamA, TeamB]))
            .ToArray();
        Given(both);
        Assert.True(When(new PostMessage(Guid.NewGuid(), "Our offer", teamB)).IsAccepted);

        Given([.. both, new ProposalSelected(TeamA)]);
        Assert.False(State!.InConversation(TeamB));
        Assert.False(State.InTheRunning(TeamB));
        ThenRejected(When(new PostMessage(Guid.NewGuid(), "Still here", teamB)), RejectionKind.Conflict, "not_in_conversation");
    }

    private Decision When(RequestCommand command) => RequestDecider.Decide(State, command, Today);

    protected override void AssertSameEvent(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        if (expected is ProposalsShortlisted e && actual is ProposalsShortlisted a)
        {
            Assert.Equal(e.TargetIds, a.TargetIds);
            return;
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void a_document_is_attached_in_any_open_state_removed_by_its_id_with_its_name_kept_and_never_attached_twice()
    {
        var ana = new MessageAuthor("partner-1", "Ana", "partner", null);
        var id = Guid.NewGuid();
        Given(EventsUpTo(RequestState.Draft));

        var attach = new AttachDocument(id, "protocol.pdf", "application/pdf", 2_048, "c0ffee", ana, At);
        ThenEvents(When(attach), new DocumentAttached(id, "protocol.pdf", "application/pdf", 2_048, "c0ffee", ana, At));
        Given([.. EventsUpTo(RequestState.Draft), new DocumentAttached(id, "protocol.pdf", "application/pdf", 2_048, "c0ffee", ana, At)]);
        Assert.Equal([new AttachedDocument(id, "protocol.pdf", "application/pdf", 2_048, "c0ffee", ana, At)], State!.Documents);
        ThenRejected(When(attach), RejectionKind.Conflict, "duplicate_document");

        ThenRejected(When(new RemoveDocument(Guid.NewGuid())), RejectionKind.NotFound, "not_found");
        ThenEvents(When(new RemoveDocument(id)), new DocumentRemoved(id, "protocol.pdf"));
        Given([.. EventsUpTo(RequestState.Draft), new DocumentAttached(id, "protocol.pdf", "application/pdf", 2_048, "c0ffee", ana, At), new DocumentRemoved(id, "protocol.pdf")]);
        Assert.Empty(State!.Documents);
    }

    [Theory]
    [InlineData(RequestState.Completed)]
    [InlineData(RequestState.Declined)]
    [InlineData(RequestState.Withdrawn)]
    public void a_closed_request_takes_no_document_and_loses_none(RequestState closed)
    {
        var id = Guid.NewGuid();
        Given(EventsUpTo(closed));

        ThenRejected(When(new AttachDocument(id, "a.pdf", "application/pdf", 1, "00", new MessageAuthor("s", "Paul", "staff", null), At)),
            RejectionKind.Conflict, "illegal_transition");
        ThenRejected(When(new RemoveDocument(id)), RejectionKind.Conflict, "illegal_transition");
    }

    [Fact]
    public void erasure_renames_who_attached_a_document_and_keeps_the_document()
    {
        var attached = new DocumentAttached(Guid.NewGuid(), "a.pdf", "application/pdf", 1, "00", new MessageAuthor("acc-1", "Ana Lopez", "partner", null), At);

        Assert.True(AuthorNames.Names(attached, "acc-1"));
        Assert.False(AuthorNames.Names(attached, "acc-2"));
        Assert.Equal(attached with { Author = attached.Author with { Name = "erased person" } }, AuthorNames.Masked(attached));
    }
}
