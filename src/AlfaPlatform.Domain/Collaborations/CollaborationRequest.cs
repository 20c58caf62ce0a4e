using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Collaborations;

/// <summary>A partner company's request, from draft to completion: where it stands and everything decided on the way.</summary>
public sealed record CollaborationRequest(
    Guid Id,
    Guid PartnerOrganisationId,
    RequestDetails Details,
    RequestState State,
    IReadOnlyList<Routing> Routings,
    IReadOnlyList<Guid> Shortlisted,
    Guid? Selected,
    IReadOnlyList<AgreementRecorded> Agreements,
    RequestDeclined? Declined,
    string? WithdrawnBecause,
    string? Outcome,
    SatisfactionRated? Satisfaction,
    Deadline? Screening,
    IReadOnlyList<Message> Messages) : IEventSourced<CollaborationRequest>
{
    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<RequestEvent>();

    /// <summary>The documents attached and not removed, oldest first (not positional: records stored before documents read as none).</summary>
    public IReadOnlyList<AttachedDocument> Documents { get; init; } = [];

    public static string? Phase(CollaborationRequest state) => state.State.ToString();

    public Routing? RoutingTo(Guid target) => Routings.FirstOrDefault(r => r.TargetId == target);

    /// <summary>Screening is pending until the request is accepted into assessment or closed.</summary>
    public bool AwaitsScreening() => State is RequestState.Submitted or RequestState.Screening;

    /// <summary>Routed targets that have not answered while answers are still taken.</summary>
    public IEnumerable<Routing> AwaitedAnswers() =>
        State == RequestState.Assessment ? Routings.Where(r => r.Answer is null) : [];

    /// <summary>Whether some step has a time limit running: the request's reminder is kept only while this holds.</summary>
    public bool HasRunningTimeLimits() =>
        (AwaitsScreening() && Screening is { IsOverdue: false }) || AwaitedAnswers().Any(r => r.Due is { IsOverdue: false });

    public bool ConfidentialityAgreed() => Agreements.Any(a => a.Kind == AgreementKind.Confidentiality);

    /// <summary>
    /// Whether a routed target is still in the running: routed and not out of it by its own answer ("not
    /// interested"), shortlisted once there is a shortlist, selected once there is a choice; none once the request is
    /// closed.
    /// </summary>
    public bool InTheRunning(Guid targetId) =>
        RoutingTo(targetId) is { Answer: not { Interested: false } }
        && State switch
        {
            RequestState.Assessment => true,
            RequestState.Shortlisted => Shortlisted.Contains(targetId),
            RequestState.Contracting or RequestState.Active => Selected == targetId,
            _ => false,
        };

    /// <summary>A target reads the confidential details while in the running, once the partner's condition (an agreement, if asked for) is met.</summary>
    public bool ConfidentialDetailsOpenTo(Guid targetId) =>
        InTheRunning(targetId) && (!Details.ConfidentialityAgreementRequired || ConfidentialityAgreed());

    /// <summary>A team takes part in the conversation once shortlisted, until another team's proposal is chosen.</summary>
    public bool InConversation(Guid targetId) => Shortlisted.Contains(targetId) && (Selected is null || Selected == targetId);

    public static CollaborationRequest Evolve(CollaborationRequest? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, RequestDrafted e) => new CollaborationRequest(
            e.RequestId, e.PartnerOrganisationId, e.Details, RequestState.Draft, [], [], null, [], null, null, null, null, null, []),
        (not null, DraftUpdated e) => state with { Details = e.Details },
        (not null, RequestSubmitted e) => state with
        {
            State = RequestState.Submitted,
            Screening = e.ScreeningDueOn is { } due ? new Deadline(due, IsOverdue: false) : null,
        },
        (not null, ScreeningStarted) => state with { State = RequestState.Screening },
        (not null, AcceptedForAssessment) => state with { State = RequestState.Assessment },
        (not null, RequestRouted e) => state with
        {
            Routings = [.. state.Routings, new Routing(
                e.TargetId, e.TargetKind, e.Reason, e.AnswerDueOn is { } due ? new Deadline(due, IsOverdue: false) : null, null)],
        },
        (not null, RoutingAnswered e) => state.WithRouting(e.TargetId, r => r with { Answer = e }),
        (not null, AnswerOverdue e) => state.WithRouting(e.TargetId, r => r with { Due = new Deadline(e.DueOn, IsOverdue: true) }),
        (not null, ScreeningOverdue e) => state with { Screening = new Deadline(e.DueOn, IsOverdue: true) },
        (not null, ProposalsShortlisted e) => state with { State = RequestState.Shortlisted, Shortlisted = e.TargetIds },
        (not null, ProposalSelected e) => state with { State = RequestState.Contracting, Selected = e.TargetId },
        (not null, AgreementRecorded e) => state with { Agreements = [.. state.Agreements, e] },
        (not null, RequestActivated) => state with { State = RequestState.Active },
        (not null, RequestCompleted e) => state with { State = RequestState.Completed, Outcome = e.OutcomeNote },
        (not null, SatisfactionRated e) => state with { Satisfaction = e },
        (not null, RequestDeclined e) => state with { State = RequestState.Declined, Declined = e },
        (not null, RequestWithdrawn e) => state with { State = RequestState.Withdrawn, WithdrawnBecause = e.Reason },
        (not null, DocumentAttached e) => state with
        {
            Documents = [.. state.Documents, new AttachedDocument(e.DocumentId, e.FileName, e.MediaType, e.Length, e.Sha256, e.Author, e.AttachedAt)],
        },
        (not null, DocumentRemoved e) => state with { Documents = [.. state.Documents.Where(d => d.Id != e.DocumentId)] },
        (not null, MessagePosted e) => state with { Messages = [.. state.Messages, new Message(e.MessageId, e.Text, e.Author, e.SharedWithTargets)] },
        _ => throw new UnknownEventException(typeof(CollaborationRequest), domainEvent),
    };

    private CollaborationRequest WithRouting(Guid targetId, Func<Routing, Routing> change) =>
        this with { Routings = [.. Routings.Select(r => r.TargetId == targetId ? change(r) : r)] };
}

/// <summary>A routing of the request to an organisation, team or platform, its time limit, and its answer once given.</summary>
public sealed record Routing(Guid TargetId, RoutingTargetKind TargetKind, string Reason, Deadline? Due, RoutingAnswered? Answer);

/// <summary>When a step is due, and whether it was flagged overdue.</summary>
public sealed record Deadline(DateOnly DueOn, bool IsOverdue);

public sealed record Message(Guid Id, string Text, MessageAuthor Author, bool SharedWithTargets);

/// <summary>A document of the request: what it is and who attached it when; its content is stored apart, by <see cref="Id"/>.</summary>
public sealed record AttachedDocument(
    Guid Id, string FileName, string MediaType, long Length, string Sha256, MessageAuthor AttachedBy, DateTimeOffset AttachedAt);
