using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Collaborations;

/// <summary>
/// The rules of a request: first the transition table (anything else is a 409 naming the current state), then what
/// each step needs (a routed target answers once, only interested answers are shortlisted, a satisfaction score is
/// 1 to 5 and given once…).
/// </summary>
public static class RequestDecider
{
    public static Decision Decide(CollaborationRequest? state, RequestCommand command, DateOnly today, TimeLimits? limits = null)
    {
        limits ??= TimeLimits.Default;
        if (command is DraftRequest draft)
        {
            return state is null
                ? Decision.Accept(new RequestDrafted(Guid.Empty, draft.PartnerOrganisationId, draft.Details))
                : Rejection.Conflict("already_drafted", "This request already exists.");
        }

        if (state is null)
        {
            return Rejection.NotFound("The request");
        }

        if (RequestTransitions.Next(state.State, command.Action) is null)
        {
            return Rejection.Conflict("illegal_transition", $"A request in state {state.State} cannot {Words(command.Action)}.");
        }

        return command switch
        {
            UpdateDraft update => Decision.Accept(new DraftUpdated(update.Details)),
            SubmitRequest => Decision.Accept(new RequestSubmitted(WorkingDays.Add(today, limits.ScreeningWorkingDays))),
            StartScreening => Decision.Accept(new ScreeningStarted()),
            AcceptForAssessment accept => Decision.Accept(new AcceptedForAssessment(accept.Note)),
            RouteRequest route => state.RoutingTo(route.TargetId) is not null
                ? Rejection.Conflict("already_routed", "The request is already routed there.")
                : Decision.Accept(new RequestRouted(route.TargetId, route.Reason, route.TargetKind, WorkingDays.Add(today, limits.AnswerWorkingDays))),
            AnswerRouting answer => Answer(state, answer),
            Shortlist shortlist => ShortlistProposals(state, shortlist),
            SelectProposal select => state.Shortlisted.Contains(select.TargetId)
                ? Decision.Accept(new ProposalSelected(select.TargetId))
                : Rejection.Conflict("not_shortlisted", "Only a shortlisted proposal can be selected."),
            RecordAgreement agreement => agreement.SignedOn > today
                ? Rejection.Conflict("date_in_future", "An agreement is recorded once signed.")
                : Decision.Accept(new AgreementRecorded(agreement.Kind, agreement.Parties, agreement.ValueEuros, agreement.SignedOn)),
            ActivateRequest => state.Agreements.All(a => a.Kind == AgreementKind.Confidentiality)
                ? Rejection.Conflict("no_agreement", "A collaboration starts once an agreement beyond confidentiality is recorded.")
                : Decision.Accept(new RequestActivated()),
            CompleteRequest complete => Decision.Accept(new RequestCompleted(complete.OutcomeNote)),
            RateSatisfaction rate => Rate(state, rate),
            DeclineRequest decline => Decision.Accept(new RequestDeclined(decline.Reason, decline.Message)),
            WithdrawRequest withdraw => Decision.Accept(new RequestWithdrawn(withdraw.Reason)),
            PostMessage message => Post(state, message),
            AttachDocument attach => state.Documents.Any(d => d.Id == attach.DocumentId)
                ? Rejection.Conflict("duplicate_document", "This document was attached already.")
                : Decision.Accept(new DocumentAttached(
                    attach.DocumentId, attach.FileName, attach.MediaType, attach.Length, attach.Sha256, attach.Author, attach.At)),
            RemoveDocument remove => state.Documents.FirstOrDefault(d => d.Id == remove.DocumentId) is { } document
                ? Decision.Accept(new DocumentRemoved(document.Id, document.FileName))
                : Rejection.NotFound("The document"),
            CheckTimeLimits => Decision.Accept(Overdue(state, today)),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown request command."),
        };
    }

    /// <summary>The grain fills in the id it owns; the decider never invents identities.</summary>
    public static Decision WithIdentity(this Decision decision, Guid requestId) =>
        decision.IsAccepted
            ? Decision.Accept(decision.Events.Select(e => e is RequestDrafted drafted ? drafted with { RequestId = requestId } : e))
            : decision;

    private static Decision Answer(CollaborationRequest state, AnswerRouting answer) => state.RoutingTo(answer.TargetId) switch
    {
        null => Rejection.Conflict("not_routed", "The request was not routed there."),
        { Answer: not null } => Rejection.Conflict("already_answered", "This routing has been answered already."),
        _ when !answer.Interested && answer.NotInterestedBecause is null =>
            Rejection.Conflict("reason_required", "Say why the team is not interested."),
        _ => Decision.Accept(new RoutingAnswered(
            answer.TargetId, answer.Interested, answer.Approach, answer.IndicativeBudgetEuros, answer.Timeline,
            answer.Interested ? null : answer.NotInterestedBecause)),
    };

    private static Decision ShortlistProposals(CollaborationRequest state, Shortlist shortlist)
    {
        var interested = state.Routings.Where(r => r.Answer is { Interested: true }).Select(r => r.TargetId).ToHashSet();
        var chosen = shortlist.TargetIds.Distinct().ToList();
        return chosen.Count > 0 && chosen.All(interested.Contains)
            ? Decision.Accept(new ProposalsShortlisted(chosen))
            : Rejection.Conflict("not_a_proposal", "Only the proposals of targets that answered 'interested' can be shortlisted.");
    }

    /// <summary>Steps past their due day (the due day itself is still in time), each flagged once.</summary>
    private static IEnumerable<object> Overdue(CollaborationRequest state, DateOnly today)
    {
        if (state.AwaitsScreening() && state.Screening is { IsOverdue: false, DueOn: var screeningDue } && today > screeningDue)
        {
            yield return new ScreeningOverdue(screeningDue);
        }

        foreach (var routing in state.AwaitedAnswers())
        {
            if (routing.Due is { IsOverdue: false, DueOn: var answerDue } && today > answerDue)
            {
                yield return new AnswerOverdue(routing.TargetId, answerDue);
            }
        }
    }

    /// <summary>The partner and staff talk from submission on; a routed target joins once shortlisted, until another is chosen.</summary>
    private static Decision Post(CollaborationRequest state, PostMessage message)
    {
        var sharedWithTargets = state.Shortlisted.Count > 0;
        if (message.Author.ForTargetId is { } target && !state.InConversation(target))
        {
            return Rejection.Conflict(
                "not_in_conversation", "A team takes part in the conversation once its proposal is shortlisted, and until another is chosen.");
        }

        return state.Messages.Any(m => m.Id == message.MessageId)
            ? Rejection.Conflict("duplicate_message", "This message was posted already.")
            : Decision.Accept(new MessagePosted(message.MessageId, message.Text, message.Author, sharedWithTargets));
    }

    private static Decision Rate(CollaborationRequest state, RateSatisfaction rate) =>
        rate.Score is < 1 or > 5 ? Rejection.Conflict("score_out_of_range", "Satisfaction is rated from 1 to 5.")
        : state.Satisfaction is not null ? Rejection.Conflict("already_rated", "Satisfaction has been rated already.")
        : Decision.Accept(new SatisfactionRated(rate.Score, rate.Comment));

    private static string Words(RequestAction action) => action switch
    {
        RequestAction.EditDraft => "be edited as a draft",
        RequestAction.Submit => "be submitted",
        RequestAction.StartScreening => "start screening",
        RequestAction.AcceptForAssessment => "be accepted for assessment",
        RequestAction.Route => "be routed",
        RequestAction.AnswerRouting => "take answers from teams",
        RequestAction.Shortlist => "be shortlisted",
        RequestAction.SelectProposal => "have a proposal selected",
        RequestAction.RecordConfidentialityAgreement => "record a confidentiality agreement",
        RequestAction.RecordAgreement => "record agreements",
        RequestAction.Activate => "become active",
        RequestAction.Complete => "be completed",
        RequestAction.RateSatisfaction => "be rated",
        RequestAction.Decline => "be declined",
        RequestAction.Withdraw => "be withdrawn",
        RequestAction.PostMessage => "take messages",
        RequestAction.CheckTimeLimits => "have time limits running",
        RequestAction.ManageDocuments => "have documents attached or removed",
        _ => action.ToString(),
    };
}
