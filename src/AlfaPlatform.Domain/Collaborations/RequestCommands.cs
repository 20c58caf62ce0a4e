namespace AlfaPlatform.Domain.Collaborations;

/// <summary>A change asked of one request; decided by <see cref="RequestDecider"/> against <see cref="RequestTransitions"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.request-command")]
public abstract record RequestCommand
{
    /// <summary>The verb of the transition table this command performs.</summary>
    public abstract RequestAction Action { get; }
}

[GenerateSerializer, Immutable, Alias("alfa.draft-request")]
public sealed record DraftRequest([property: Id(0)] Guid PartnerOrganisationId, [property: Id(1)] RequestDetails Details) : RequestCommand
{
    public override RequestAction Action => RequestAction.EditDraft;
}

[GenerateSerializer, Immutable, Alias("alfa.update-draft")]
public sealed record UpdateDraft([property: Id(0)] RequestDetails Details) : RequestCommand
{
    public override RequestAction Action => RequestAction.EditDraft;
}

[GenerateSerializer, Immutable, Alias("alfa.submit-request")]
public sealed record SubmitRequest : RequestCommand
{
    public override RequestAction Action => RequestAction.Submit;
}

[GenerateSerializer, Immutable, Alias("alfa.start-screening")]
public sealed record StartScreening : RequestCommand
{
    public override RequestAction Action => RequestAction.StartScreening;
}

[GenerateSerializer, Immutable, Alias("alfa.accept-for-assessment")]
public sealed record AcceptForAssessment([property: Id(0)] string? Note) : RequestCommand
{
    public override RequestAction Action => RequestAction.AcceptForAssessment;
}

[GenerateSerializer, Immutable, Alias("alfa.route-request")]
public sealed record RouteRequest(
    [property: Id(0)] Guid TargetId, [property: Id(1)] string Reason, [property: Id(2)] RoutingTargetKind TargetKind) : RequestCommand
{
    public override RequestAction Action => RequestAction.Route;
}

[GenerateSerializer, Immutable, Alias("alfa.answer-routing")]
public sealed record AnswerRouting(
    [property: Id(0)] Guid TargetId,
    [property: Id(1)] bool Interested,
    [property: Id(2)] string? Approach,
    [property: Id(3)] decimal? IndicativeBudgetEuros,
    [property: Id(4)] string? Timeline,
    [property: Id(5)] DeclineReason? NotInterestedBecause) : RequestCommand
{
    public override RequestAction Action => RequestAction.AnswerRouting;
}

[GenerateSerializer, Immutable, Alias("alfa.shortlist")]
public sealed record Shortlist([property: Id(0)] IReadOnlyList<Guid> TargetIds) : RequestCommand
{
    public override RequestAction Action => RequestAction.Shortlist;
}

[GenerateSerializer, Immutable, Alias("alfa.select-proposal")]
public sealed record SelectProposal([property: Id(0)] Guid TargetId) : RequestCommand
{
    public override RequestAction Action => RequestAction.SelectProposal;
}

[GenerateSerializer, Immutable, Alias("alfa.record-agreement")]
public sealed record RecordAgreement(
    [property: Id(0)] AgreementKind Kind,
    [property: Id(1)] IReadOnlyList<string> Parties,
    [property: Id(2)] decimal ValueEuros,
    [property: Id(3)] DateOnly SignedOn) : RequestCommand
{
    /// <summary>A confidentiality agreement may come before contracting: teams read the details under it.</summary>
    public override RequestAction Action =>
        Kind == AgreementKind.Confidentiality ? RequestAction.RecordConfidentialityAgreement : RequestAction.RecordAgreement;
}

[GenerateSerializer, Immutable, Alias("alfa.activate-request")]
public sealed record ActivateRequest : RequestCommand
{
    public override RequestAction Action => RequestAction.Activate;
}

[GenerateSerializer, Immutable, Alias("alfa.complete-request")]
public sealed record CompleteRequest([property: Id(0)] string OutcomeNote) : RequestCommand
{
    public override RequestAction Action => RequestAction.Complete;
}

[GenerateSerializer, Immutable, Alias("alfa.rate-satisfaction")]
public sealed record RateSatisfaction([property: Id(0)] int Score, [property: Id(1)] string? Comment) : RequestCommand
{
    public override RequestAction Action => RequestAction.RateSatisfaction;
}

[GenerateSerializer, Immutable, Alias("alfa.decline-request")]
public sealed record DeclineRequest([property: Id(0)] DeclineReason Reason, [property: Id(1)] string Message) : RequestCommand
{
    public override RequestAction Action => RequestAction.Decline;
}

[GenerateSerializer, Immutable, Alias("alfa.withdraw-request")]
public sealed record WithdrawRequest([property: Id(0)] string Reason) : RequestCommand
{
    public override RequestAction Action => RequestAction.Withdraw;
}

/// <summary>Sent by the request's own reminder: flags what is past its time limit.</summary>
[GenerateSerializer, Immutable, Alias("alfa.check-time-limits")]
public sealed record CheckTimeLimits : RequestCommand
{
    public override RequestAction Action => RequestAction.CheckTimeLimits;
}

[GenerateSerializer, Immutable, Alias("alfa.post-message")]
public sealed record PostMessage([property: Id(0)] Guid MessageId, [property: Id(1)] string Text, [property: Id(2)] MessageAuthor Author) : RequestCommand
{
    public override RequestAction Action => RequestAction.PostMessage;
}

/// <summary>Attach a document whose content is already stored (by <see cref="DocumentId"/>); <see cref="At"/>: when it was stored.</summary>
[GenerateSerializer, Immutable, Alias("alfa.attach-document")]
public sealed record AttachDocument(
    [property: Id(0)] Guid DocumentId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string MediaType,
    [property: Id(3)] long Length,
    [property: Id(4)] string Sha256,
    [property: Id(5)] MessageAuthor Author,
    [property: Id(6)] DateTimeOffset At) : RequestCommand
{
    public override RequestAction Action => RequestAction.ManageDocuments;
}

[GenerateSerializer, Immutable, Alias("alfa.remove-document")]
public sealed record RemoveDocument([property: Id(0)] Guid DocumentId) : RequestCommand
{
    public override RequestAction Action => RequestAction.ManageDocuments;
}
