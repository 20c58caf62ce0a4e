namespace AlfaPlatform.Server.Collaborations;

/// <summary>One opening of a request's confidential details by someone other than its partner: who, when, in which role.</summary>
/// <param name="Teams">For a member, the routed teams (or organisations) they read for.</param>
public sealed record ConfidentialRead(
    Guid Id, Guid RequestId, string ActorId, string? ActorName, string Role, IReadOnlyList<Guid> Teams, DateTimeOffset At);
