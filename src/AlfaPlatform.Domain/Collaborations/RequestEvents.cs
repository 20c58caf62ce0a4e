using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Collaborations;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>What the partner asks for; the confidential details are shown only as the rules allow.</summary>
[GenerateSerializer, Immutable, Alias("alfa.request-details")]
public sealed record RequestDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] string Summary,
    [property: Id(2)] string? ConfidentialDetails,
    [property: Id(3)] bool ConfidentialityAgreementRequired,
    [property: Id(4)] IReadOnlyList<CollaborationKind> Kinds,
    [property: Id(5)] IReadOnlyList<string> DiseaseAreas,
    [property: Id(6)] IReadOnlyList<Capability> Capabilities,
    [property: Id(7)] decimal? BudgetMinEuros,
    [property: Id(8)] decimal? BudgetMaxEuros,
    [property: Id(9)] DateOnly? DesiredStart,
    [property: Id(10)] int? DurationMonths);

public sealed record RequestDrafted(Guid RequestId, Guid PartnerOrganisationId, RequestDetails Details);

public sealed record DraftUpdated(RequestDetails Details);

public sealed record RequestSubmitted;

public sealed record ScreeningStarted;

public sealed record AcceptedForAssessment(string? Note);

/// <summary>Routed to an organisation, team or platform (<see cref="TargetId"/>), which then answers.</summary>
public sealed record RequestRouted(Guid TargetId, string Reason);

public sealed record RoutingAnswered(
    Guid TargetId, bool Interested, string? Approach, decimal? IndicativeBudgetEuros, string? Timeline, DeclineReason? NotInterestedBecause);

public sealed record ProposalsShortlisted(IReadOnlyList<Guid> TargetIds);

public sealed record ProposalSelected(Guid TargetId);

public sealed record AgreementRecorded(AgreementKind Kind, IReadOnlyList<string> Parties, decimal ValueEuros, DateOnly SignedOn);

public sealed record RequestActivated;

public sealed record RequestCompleted(string OutcomeNote);

public sealed record SatisfactionRated(int Score, string? Comment);

public sealed record RequestDeclined(DeclineReason Reason, string Message);

public sealed record RequestWithdrawn(string Reason);
