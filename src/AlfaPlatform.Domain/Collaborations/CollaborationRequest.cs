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
    SatisfactionRated? Satisfaction) : IEventSourced<CollaborationRequest>
{
    public static IReadOnlySet<Type> EventTypes { get; } = new HashSet<Type>
    {
        typeof(RequestDrafted), typeof(DraftUpdated), typeof(RequestSubmitted), typeof(ScreeningStarted),
        typeof(AcceptedForAssessment), typeof(RequestRouted), typeof(RoutingAnswered), typeof(ProposalsShortlisted),
        typeof(ProposalSelected), typeof(AgreementRecorded), typeof(RequestActivated), typeof(RequestCompleted),
        typeof(SatisfactionRated), typeof(RequestDeclined), typeof(RequestWithdrawn),
    };

    public Routing? RoutingTo(Guid target) => Routings.FirstOrDefault(r => r.TargetId == target);

    public static CollaborationRequest Evolve(CollaborationRequest? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, RequestDrafted e) => new CollaborationRequest(
            e.RequestId, e.PartnerOrganisationId, e.Details, RequestState.Draft, [], [], null, [], null, null, null, null),
        (not null, DraftUpdated e) => state with { Details = e.Details },
        (not null, RequestSubmitted) => state with { State = RequestState.Submitted },
        (not null, ScreeningStarted) => state with { State = RequestState.Screening },
        (not null, AcceptedForAssessment) => state with { State = RequestState.Assessment },
        (not null, RequestRouted e) => state with { Routings = [.. state.Routings, new Routing(e.TargetId, e.Reason, null)] },
        (not null, RoutingAnswered e) => state with
        {
            Routings = [.. state.Routings.Select(r => r.TargetId == e.TargetId ? r with { Answer = e } : r)],
        },
        (not null, ProposalsShortlisted e) => state with { State = RequestState.Shortlisted, Shortlisted = e.TargetIds },
        (not null, ProposalSelected e) => state with { State = RequestState.Contracting, Selected = e.TargetId },
        (not null, AgreementRecorded e) => state with { Agreements = [.. state.Agreements, e] },
        (not null, RequestActivated) => state with { State = RequestState.Active },
        (not null, RequestCompleted e) => state with { State = RequestState.Completed, Outcome = e.OutcomeNote },
        (not null, SatisfactionRated e) => state with { Satisfaction = e },
        (not null, RequestDeclined e) => state with { State = RequestState.Declined, Declined = e },
        (not null, RequestWithdrawn e) => state with { State = RequestState.Withdrawn, WithdrawnBecause = e.Reason },
        _ => throw new UnknownEventException(typeof(CollaborationRequest), domainEvent),
    };
}

/// <summary>A routing of the request to an organisation, team or platform, and its answer once given.</summary>
public sealed record Routing(Guid TargetId, string Reason, RoutingAnswered? Answer);
