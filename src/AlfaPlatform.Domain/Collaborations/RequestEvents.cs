using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Collaborations;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>
/// Every event of CollaborationRequest's stream derives from this base, and <see cref="CollaborationRequest.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record RequestEvent;

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

public sealed record RequestDrafted(Guid RequestId, Guid PartnerOrganisationId, RequestDetails Details) : RequestEvent;

public sealed record DraftUpdated(RequestDetails Details) : RequestEvent;

/// <summary>Submitted; screening is due by <see cref="ScreeningDueOn"/> (null only in streams written before time limits).</summary>
public sealed record RequestSubmitted(DateOnly? ScreeningDueOn = null) : RequestEvent;

public sealed record ScreeningStarted : RequestEvent;

public sealed record AcceptedForAssessment(string? Note) : RequestEvent;

/// <summary>Routed to an organisation or platform, or to a team (<see cref="TargetId"/>), which answers by <see cref="AnswerDueOn"/>.</summary>
public sealed record RequestRouted(Guid TargetId, string Reason, RoutingTargetKind TargetKind = RoutingTargetKind.Team, DateOnly? AnswerDueOn = null) : RequestEvent;

public sealed record RoutingAnswered(
    Guid TargetId, bool Interested, string? Approach, decimal? IndicativeBudgetEuros, string? Timeline, DeclineReason? NotInterestedBecause) : RequestEvent;

public sealed record ProposalsShortlisted(IReadOnlyList<Guid> TargetIds) : RequestEvent;

public sealed record ProposalSelected(Guid TargetId) : RequestEvent;

public sealed record AgreementRecorded(AgreementKind Kind, IReadOnlyList<string> Parties, decimal ValueEuros, DateOnly SignedOn) : RequestEvent;

public sealed record RequestActivated : RequestEvent;

public sealed record RequestCompleted(string OutcomeNote) : RequestEvent;

public sealed record SatisfactionRated(int Score, string? Comment) : RequestEvent;

public sealed record RequestDeclined(DeclineReason Reason, string Message) : RequestEvent;

public sealed record RequestWithdrawn(string Reason) : RequestEvent;

/// <summary>Screening was not done by its due date: staff are told.</summary>
public sealed record ScreeningOverdue(DateOnly DueOn) : RequestEvent;

/// <summary>A routed target had not answered by its due date.</summary>
public sealed record AnswerOverdue(Guid TargetId, DateOnly DueOn) : RequestEvent;

/// <summary>A message of the request's conversation. <see cref="SharedWithTargets"/>: posted once shortlisted targets take part.</summary>
public sealed record MessagePosted(Guid MessageId, string Text, MessageAuthor Author, bool SharedWithTargets) : RequestEvent
{
    /// <summary>
    /// Whether a shortlisted target reads it: what the partner and staff say from the shortlist on, and what its own
    /// members say. Competing teams never read each other's messages.
    /// </summary>
    public bool Reaches(Guid target) => SharedWithTargets && (Author.ForTargetId is null || Author.ForTargetId == target);
}

/// <summary>
/// A document attached to the request. Its content is stored apart, by <see cref="DocumentId"/>; the event says what it
/// is (its type as found in its content, its length and SHA-256 in hex) and who attached it, named as a message's
/// author is (so erasure renames them alike).
/// </summary>
public sealed record DocumentAttached(
    Guid DocumentId, string FileName, string MediaType, long Length, string Sha256, MessageAuthor Author, DateTimeOffset AttachedAt) : RequestEvent;

/// <summary>A document removed from the request: its content is deleted; the history keeps its name.</summary>
public sealed record DocumentRemoved(Guid DocumentId, string FileName) : RequestEvent;

/// <summary>Who wrote a message: the account, its name and role, and for a team's member the routed target they speak for.</summary>
[GenerateSerializer, Immutable, Alias("alfa.message-author")]
public sealed record MessageAuthor(
    [property: Id(0)] string ActorId, [property: Id(1)] string? Name, [property: Id(2)] string Role, [property: Id(3)] Guid? ForTargetId);

/// <summary>
/// What erasure leaves of a message (ADR 0008): the same message, its text and its author's account and role, by
/// "erased person". Marten rewrites the stored messages of the erased author with these.
/// </summary>
public static class AuthorNames
{
    public static MessagePosted Masked(MessagePosted e) => e with { Author = e.Author with { Name = PersonalData.ErasedName } };

    /// <summary>A document stays the company's; who attached it reads "erased person".</summary>
    public static DocumentAttached Masked(DocumentAttached e) => e with { Author = e.Author with { Name = PersonalData.ErasedName } };

    /// <summary>
    /// Whether <paramref name="domainEvent"/> is a message written, or a document attached, by the account
    /// <paramref name="actorId"/>: the events to mask.
    /// </summary>
    public static bool Names(object domainEvent, string actorId) => domainEvent switch
    {
        MessagePosted m => m.Author.ActorId == actorId,
        DocumentAttached d => d.Author.ActorId == actorId,
        _ => false,
    };
}
