using AlfaPlatform.Domain.People;

namespace AlfaPlatform.Domain.Meetings;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.
// A registrant's name is personal data: RegistrantNames says what erasure leaves of the events holding one (ADR 0008).

/// <summary>
/// Every event of Meeting's stream derives from this base, and <see cref="Meeting.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record MeetingEvent;

public sealed record MeetingCreated(Guid MeetingId, MeetingDetails Details, MeetingTime Time, MeetingPlace Place) : MeetingEvent;

public sealed record MeetingDetailsChanged(MeetingDetails Details) : MeetingEvent;

/// <summary>New dates; after publication a change registrants are told of.</summary>
public sealed record MeetingRescheduled(MeetingTime Time, string? Reason) : MeetingEvent;

/// <summary>A new venue (or online); after publication a change registrants are told of.</summary>
public sealed record MeetingMoved(MeetingPlace Place, string? Reason) : MeetingEvent;

public sealed record MeetingPublished : MeetingEvent;

public sealed record RegistrationsOpened : MeetingEvent;

public sealed record RegistrationsClosed : MeetingEvent;

public sealed record MeetingHeld : MeetingEvent;

public sealed record MeetingCancelled(string Reason) : MeetingEvent;

public sealed record SessionAdded(Guid SessionId, string Title, SessionKind Kind, DateTime Start, DateTime End, string? Room, IReadOnlyList<Chair> Chairs) : MeetingEvent;

public sealed record SessionRemoved(Guid SessionId) : MeetingEvent;

public sealed record ContributionSubmitted(
    Guid ContributionId, string Title, string Abstract, Guid PresenterId, IReadOnlyList<string> Authors, Guid? TeamId, Guid SubmittedBy) : MeetingEvent;

public sealed record ContributionAccepted(Guid ContributionId, string? Note) : MeetingEvent;

public sealed record ContributionRejected(Guid ContributionId, string? Note) : MeetingEvent;

public sealed record ContributionWithdrawn(Guid ContributionId, string? Reason) : MeetingEvent;

public sealed record ContributionScheduled(Guid ContributionId, Guid SessionId) : MeetingEvent;

/// <summary>A registration that waits for staff approval; <see cref="Arrival"/> numbers registrations in the order the meeting received them.</summary>
public sealed record RegistrationRequested(Registrant Registrant, int Arrival, bool ByStaff) : MeetingEvent;

/// <summary>A registration that took a seat.</summary>
public sealed record RegistrantRegistered(Registrant Registrant, int Arrival, bool ByStaff) : MeetingEvent;

/// <summary>A registration past capacity: on the waiting list, in arrival order.</summary>
public sealed record RegistrantWaitlisted(Registrant Registrant, int Arrival, bool ByStaff) : MeetingEvent;

/// <summary>Staff approved a pending registration: a seat, or the waiting list when the meeting is full.</summary>
public sealed record RegistrationApproved(Guid RegistrantId, bool Waiting) : MeetingEvent;

public sealed record RegistrationDeclined(Guid RegistrantId, string? Reason) : MeetingEvent;

public sealed record RegistrationCancelled(Guid RegistrantId, string? Reason) : MeetingEvent;

/// <summary>A seat freed (a cancellation, more capacity): the first on the waiting list takes it.</summary>
public sealed record PromotedFromWaitingList(Guid RegistrantId) : MeetingEvent;

public sealed record RegistrantCheckedIn(Guid RegistrantId, DateOnly On) : MeetingEvent;

/// <summary>
/// What erasure leaves of a registration (ADR 0008): the same registration (who by id, when, seat or waiting list), by
/// "erased person". Marten rewrites the stored events of the erased registrant with these.
/// </summary>
public static class RegistrantNames
{
    public static RegistrationRequested Masked(RegistrationRequested e) => e with { Registrant = Erased(e.Registrant) };

    public static RegistrantRegistered Masked(RegistrantRegistered e) => e with { Registrant = Erased(e.Registrant) };

    public static RegistrantWaitlisted Masked(RegistrantWaitlisted e) => e with { Registrant = Erased(e.Registrant) };

    /// <summary>Whether <paramref name="domainEvent"/> is a registration of one of <paramref name="registrants"/>: the events to mask.</summary>
    public static bool Names(object domainEvent, IReadOnlyCollection<Guid> registrants) => domainEvent switch
    {
        RegistrationRequested e => registrants.Contains(e.Registrant.Id),
        RegistrantRegistered e => registrants.Contains(e.Registrant.Id),
        RegistrantWaitlisted e => registrants.Contains(e.Registrant.Id),
        _ => false,
    };

    private static Registrant Erased(Registrant registrant) => registrant with { Name = PersonalData.ErasedName };
}
