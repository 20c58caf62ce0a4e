namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// One entry of a request's access log: an opening of its confidential details by someone other than its partner, or
/// a download of one of its documents by anyone: who, when, in which role, and what was opened.
/// </summary>
/// <param name="Teams">For a member, the routed teams (or organisations) they read for.</param>
/// <param name="Opened">What was opened; entries written before documents existed read as the confidential details.</param>
/// <param name="DocumentId">The document downloaded, when <paramref name="Opened"/> is a document.</param>
/// <param name="DocumentName">Its file name at the time.</param>
public sealed record ConfidentialRead(
    Guid Id, Guid RequestId, string ActorId, string? ActorName, string Role, IReadOnlyList<Guid> Teams, DateTimeOffset At,
    OpenedItem Opened = OpenedItem.ConfidentialDetails, Guid? DocumentId = null, string? DocumentName = null);

/// <summary>What an access-log entry opened.</summary>
public enum OpenedItem
{
    ConfidentialDetails,
    Document,
}
