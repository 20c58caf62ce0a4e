using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.Meetings;

/// <summary>
/// A meeting (congress, symposium, partnering day…): its details, date and place, programme, contributions and
/// registrations with the waiting list. One stream per meeting; its grain is the single writer, so the capacity and
/// the waiting list are decided in one place, one registration at a time.
/// </summary>
public sealed record Meeting(
    Guid Id,
    MeetingDetails Details,
    MeetingTime Time,
    MeetingPlace Place,
    MeetingStatus Status,
    string? CancellationReason,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<Session> Sessions,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Registration> Registrations,
    IReadOnlyList<NotifiedChange> Changes,
    int Arrivals) : IEventSourced<Meeting>
{
    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<MeetingEvent>();

    public static string? Phase(Meeting state) => state.Status.ToString();

    public bool IsPublished => Status is not MeetingStatus.Draft;

    /// <summary>Seats taken.</summary>
    public int Seated => Registrations.Count(r => r.Status == RegistrationStatus.Registered);

    public bool HasFreeSeat => Details.Capacity is not { } capacity || Seated < capacity;

    /// <summary>The waiting list, first in line first.</summary>
    public IEnumerable<Registration> WaitingList => Registrations.Where(r => r.Status == RegistrationStatus.Waiting).OrderBy(r => r.Arrival);

    /// <summary>The registrant's current registration (pending, seated or waiting), if any.</summary>
    public Registration? ActiveRegistration(Guid registrantId) =>
        Registrations.LastOrDefault(r => r.Registrant.Id == registrantId && r.IsActive);

    /// <summary>The registrant's latest registration, whatever became of it.</summary>
    public Registration? LatestRegistration(Guid registrantId) => Registrations.LastOrDefault(r => r.Registrant.Id == registrantId);

    /// <summary>Date and place changes made after <paramref name="registration"/> arrived: what they must be told.</summary>
    public IEnumerable<NotifiedChange> ChangesSince(Registration registration) => Changes.Where(c => c.AfterArrivals >= registration.Arrival);

    public static Meeting Evolve(Meeting? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, MeetingCreated e) => new Meeting(e.MeetingId, e.Details, e.Time, e.Place, MeetingStatus.Draft, null,
            e.Time.StartUtc, e.Time.EndUtc, [], [], [], [], 0),
        (not null, MeetingDetailsChanged e) => state with { Details = e.Details },
        (not null, MeetingRescheduled e) => state.Noted("time", state.Time.ToString(), e.Time.ToString(), e.Reason) with
        {
            Time = e.Time, StartsAt = e.Time.StartUtc, EndsAt = e.Time.EndUtc,
        },
        (not null, MeetingMoved e) => state.Noted("place", state.Place.ToString(), e.Place.ToString(), e.Reason) with { Place = e.Place },
        (not null, MeetingPublished) => state with { Status = MeetingStatus.Published },
        (not null, RegistrationsOpened) => state with { Status = MeetingStatus.RegistrationOpen },
        (not null, RegistrationsClosed) => state with { Status = MeetingStatus.RegistrationClosed },
        (not null, MeetingHeld) => state with { Status = MeetingStatus.Held },
        (not null, MeetingCancelled e) => state with { Status = MeetingStatus.Cancelled, CancellationReason = e.Reason },
        (not null, SessionAdded e) => state with
        {
            Sessions = [.. state.Sessions, new Session(e.SessionId, e.Title, e.Kind, e.Start, e.End, e.Room, e.Chairs)],
        },
        (not null, SessionRemoved e) => state with { Sessions = [.. state.Sessions.Where(s => s.Id != e.SessionId)] },
        (not null, ContributionSubmitted e) => state with
        {
            Contributions =
            [
                .. state.Contributions,
                new Contribution(e.ContributionId, e.Title, e.Abstract, e.PresenterId, e.Authors, e.TeamId, e.SubmittedBy, ContributionStatus.Submitted, null, null),
            ],
        },
        (not null, ContributionAccepted e) => state.WithContribution(e.ContributionId, c => c with { Status = ContributionStatus.Accepted, ReviewNote = e.Note }),
        (not null, ContributionRejected e) => state.WithContribution(e.ContributionId, c => c with { Status = ContributionStatus.Rejected, ReviewNote = e.Note }),
        (not null, ContributionWithdrawn e) => state.WithContribution(e.ContributionId, c => c with { Status = ContributionStatus.Withdrawn, SessionId = null }),
        (not null, ContributionScheduled e) => state.WithContribution(e.ContributionId, c => c with { SessionId = e.SessionId }),
        (not null, RegistrationRequested e) => state.Arrived(e.Registrant, e.Arrival, RegistrationStatus.PendingApproval, e.ByStaff),
        (not null, RegistrantRegistered e) => state.Arrived(e.Registrant, e.Arrival, RegistrationStatus.Registered, e.ByStaff),
        (not null, RegistrantWaitlisted e) => state.Arrived(e.Registrant, e.Arrival, RegistrationStatus.Waiting, e.ByStaff),
        (not null, RegistrationApproved e) => state.WithActive(e.RegistrantId, r => r with { Status = e.Waiting ? RegistrationStatus.Waiting : RegistrationStatus.Registered }),
        (not null, RegistrationDeclined e) => state.WithActive(e.RegistrantId, r => r with { Status = RegistrationStatus.Declined, Reason = e.Reason }),
        (not null, RegistrationCancelled e) => state.WithActive(e.RegistrantId, r => r with { Status = RegistrationStatus.Cancelled, Reason = e.Reason }),
        (not null, PromotedFromWaitingList e) => state.WithActive(e.RegistrantId, r => r with { Status = RegistrationStatus.Registered, Promoted = true }),
        (not null, RegistrantCheckedIn e) => state.WithActive(e.RegistrantId, r => r with { CheckedInOn = e.On }),
        _ => throw new UnknownEventException(typeof(Meeting), domainEvent),
    };

    /// <summary>Before publication nobody has been told anything, so nothing is recorded as a change to tell.</summary>
    private Meeting Noted(string field, string before, string after, string? reason) =>
        IsPublished ? this with { Changes = [.. Changes, new NotifiedChange(Arrivals, field, before, after, reason)] } : this;

    private Meeting Arrived(Registrant registrant, int arrival, RegistrationStatus status, bool byStaff) => this with
    {
        Registrations = [.. Registrations, new Registration(registrant, arrival, status, byStaff, Promoted: false, CheckedInOn: null, Reason: null)],
        Arrivals = Math.Max(Arrivals, arrival),
    };

    private Meeting WithActive(Guid registrantId, Func<Registration, Registration> change)
    {
        var current = ActiveRegistration(registrantId) ?? throw new InvalidOperationException($"No active registration of {registrantId}.");
        return this with { Registrations = [.. Registrations.Select(r => ReferenceEquals(r, current) ? change(r) : r)] };
    }

    private Meeting WithContribution(Guid id, Func<Contribution, Contribution> change) =>
        Contributions.Any(c => c.Id == id)
            ? this with { Contributions = [.. Contributions.Select(c => c.Id == id ? change(c) : c)] }
            : throw new InvalidOperationException($"No contribution {id}.");
}

public sealed record Session(Guid Id, string Title, SessionKind Kind, DateTime Start, DateTime End, string? Room, IReadOnlyList<Chair> Chairs);

public sealed record Contribution(
    Guid Id, string Title, string Abstract, Guid PresenterId, IReadOnlyList<string> Authors, Guid? TeamId, Guid SubmittedBy,
    ContributionStatus Status, string? ReviewNote, Guid? SessionId);

/// <param name="Arrival">The order in which the meeting received registrations (1, 2, …): the waiting list's order.</param>
public sealed record Registration(
    Registrant Registrant, int Arrival, RegistrationStatus Status, bool ByStaff, bool Promoted, DateOnly? CheckedInOn, string? Reason)
{
    public bool IsActive => Status is RegistrationStatus.PendingApproval or RegistrationStatus.Registered or RegistrationStatus.Waiting;
}

/// <summary>
/// A change of date or place after publication. <see cref="AfterArrivals"/> is how many registrations had arrived
/// then: registrations numbered up to it were made before the change, so their registrants are to be told.
/// </summary>
public sealed record NotifiedChange(int AfterArrivals, string Field, string Before, string After, string? Reason);
