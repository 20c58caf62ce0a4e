namespace AlfaPlatform.Domain.Meetings;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

public sealed record MeetingCreated(Guid MeetingId, MeetingDetails Details, MeetingTime Time, MeetingPlace Place);

public sealed record MeetingDetailsChanged(MeetingDetails Details);

/// <summary>New dates; after publication a change registrants are told of.</summary>
public sealed record MeetingRescheduled(MeetingTime Time, string? Reason);

/// <summary>A new venue (or online); after publication a change registrants are told of.</summary>
public sealed record MeetingMoved(MeetingPlace Place, string? Reason);

public sealed record MeetingPublished;

public sealed record RegistrationsOpened;

public sealed record RegistrationsClosed;

public sealed record MeetingHeld;

public sealed record MeetingCancelled(string Reason);

public sealed record SessionAdded(Guid SessionId, string Title, SessionKind Kind, DateTime Start, DateTime End, string? Room, IReadOnlyList<Chair> Chairs);

public sealed record SessionRemoved(Guid SessionId);

public sealed record ContributionSubmitted(
    Guid ContributionId, string Title, string Abstract, Guid PresenterId, IReadOnlyList<string> Authors, Guid? TeamId, Guid SubmittedBy);

public sealed record ContributionAccepted(Guid ContributionId, string? Note);

public sealed record ContributionRejected(Guid ContributionId, string? Note);

public sealed record ContributionWithdrawn(Guid ContributionId, string? Reason);

public sealed record ContributionScheduled(Guid ContributionId, Guid SessionId);

/// <summary>A registration that waits for staff approval; <see cref="Arrival"/> numbers registrations in the order the meeting received them.</summary>
public sealed record RegistrationRequested(Registrant Registrant, int Arrival, bool ByStaff);

/// <summary>A registration that took a seat.</summary>
public sealed record RegistrantRegistered(Registrant Registrant, int Arrival, bool ByStaff);

/// <summary>A registration past capacity: on the waiting list, in arrival order.</summary>
public sealed record RegistrantWaitlisted(Registrant Registrant, int Arrival, bool ByStaff);

/// <summary>Staff approved a pending registration: a seat, or the waiting list when the meeting is full.</summary>
public sealed record RegistrationApproved(Guid RegistrantId, bool Waiting);

public sealed record RegistrationDeclined(Guid RegistrantId, string? Reason);

public sealed record RegistrationCancelled(Guid RegistrantId, string? Reason);

/// <summary>A seat freed (a cancellation, more capacity): the first on the waiting list takes it.</summary>
public sealed record PromotedFromWaitingList(Guid RegistrantId);

public sealed record RegistrantCheckedIn(Guid RegistrantId, DateOnly On);
