namespace AlfaPlatform.Domain.Meetings;

[GenerateSerializer, Alias("alfa.meeting-kind")]
public enum MeetingKind
{
    Congress,
    Symposium,
    PartneringDay,
    ScientificMeeting,
    Webinar,
    Training,
    BoardMeeting,
}

/// <summary>The lifecycle: draft → published → registration open ⇄ registration closed → held, or cancelled.</summary>
[GenerateSerializer, Alias("alfa.meeting-status")]
public enum MeetingStatus
{
    Draft,
    Published,
    RegistrationOpen,
    RegistrationClosed,
    Held,
    Cancelled,
}

[GenerateSerializer, Alias("alfa.meeting-visibility")]
public enum MeetingVisibility
{
    /// <summary>Calendar, programme and iCalendar feed readable without signing in.</summary>
    Public,

    /// <summary>Only the network's people (staff, members, viewers) see it; only network people register.</summary>
    MembersOnly,
}

[GenerateSerializer, Alias("alfa.session-kind")]
public enum SessionKind
{
    Plenary,
    Oral,
    Poster,
    Educational,
    PatientAndCaregiver,
    NursingDay,
    DataManagersDay,
    Workshop,
    Other,
}

[GenerateSerializer, Alias("alfa.contribution-status")]
public enum ContributionStatus
{
    Submitted,
    Accepted,
    Rejected,
    Withdrawn,
}

[GenerateSerializer, Alias("alfa.registration-status")]
public enum RegistrationStatus
{
    /// <summary>Waiting for staff approval; holds no seat.</summary>
    PendingApproval,

    /// <summary>Holds a seat.</summary>
    Registered,

    /// <summary>On the waiting list, in arrival order; promoted when a seat frees.</summary>
    Waiting,

    Cancelled,

    /// <summary>Staff refused the registration (approval meetings).</summary>
    Declined,
}

/// <summary>Who a registration is for: a person of the directory (members, and anyone staff register), or a partner's account.</summary>
[GenerateSerializer, Alias("alfa.registrant-kind")]
public enum RegistrantKind
{
    Person,
    Account,
}

/// <summary>
/// Start and end as local date-times in an IANA time zone (Europe/Paris): what the organisers announce. The UTC
/// instants follow from the zone's rules.
/// </summary>
[GenerateSerializer, Immutable, Alias("alfa.meeting-time")]
public sealed record MeetingTime(
    [property: Id(0)] DateTime Start,
    [property: Id(1)] DateTime End,
    [property: Id(2)] string TimeZone)
{
    public static bool IsKnownZone(string? zone) => Zone(zone) is not null;

    /// <summary>The zone, when <paramref name="zone"/> names one (IANA ids; Windows names are refused).</summary>
    public static TimeZoneInfo? Zone(string? zone)
    {
        if (string.IsNullOrWhiteSpace(zone) || !zone.Contains('/', StringComparison.Ordinal) && zone != "UTC")
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception)
        {
            // Not found, invalid, or a name the system cannot even look up ("Europe/" throws a SecurityException):
            // whatever the reason, the name names no zone we know.
            return null;
        }
    }

    /// <summary>A local time that does not exist in the zone (skipped by a clock change) cannot be a start or end.</summary>
    public static bool Exists(DateTime local, string zone) => Zone(zone) is { } tz && !tz.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));

    public DateTimeOffset StartUtc => ToUtc(Start);

    public DateTimeOffset EndUtc => ToUtc(End);

    public DateOnly FirstDay => DateOnly.FromDateTime(Start);

    public DateOnly LastDay => DateOnly.FromDateTime(End);

    /// <summary>
    /// The UTC instant of a local time in this zone. A local time the clocks skip is refused when it is set, but may
    /// be stored (from before that check, or by moving a meeting into another zone): it is read forward by the gap,
    /// with the offset in force just before the change (02:30 on a night clocks go from 02:00 to 03:00 is 03:30), so
    /// reading never fails.
    /// </summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        var tz = Zone(TimeZone) ?? TimeZoneInfo.Utc;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (!tz.IsInvalidTime(unspecified))
        {
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, tz), TimeSpan.Zero);
        }

        var before = tz.GetUtcOffset(unspecified.AddDays(-1));
        return new DateTimeOffset(DateTime.SpecifyKind(unspecified - before, DateTimeKind.Utc), TimeSpan.Zero);
    }

    public override string ToString() => $"{Start:yyyy-MM-dd HH:mm} – {End:yyyy-MM-dd HH:mm} ({TimeZone})";
}

[GenerateSerializer, Immutable, Alias("alfa.venue")]
public sealed record Venue(
    [property: Id(0)] string Name,
    [property: Id(1)] string City,
    [property: Id(2)] string Country);

/// <summary>Where: a venue, online (a link, possibly not known yet), or both.</summary>
[GenerateSerializer, Immutable, Alias("alfa.meeting-place")]
public sealed record MeetingPlace(
    [property: Id(0)] Venue? Venue,
    [property: Id(1)] bool Online,
    [property: Id(2)] string? OnlineUrl)
{
    public override string ToString() => (Venue, Online) switch
    {
        ({ } v, true) => $"{v.Name}, {v.City}, {v.Country} and online",
        ({ } v, false) => $"{v.Name}, {v.City}, {v.Country}",
        _ => "online",
    };
}

/// <summary>A chair: a person of the directory, or someone named only (an invited chair from abroad).</summary>
[GenerateSerializer, Immutable, Alias("alfa.chair")]
public sealed record Chair(
    [property: Id(0)] Guid? PersonId,
    [property: Id(1)] string Name);

/// <summary>What staff describe of a meeting, changed as a whole; date and place have their own (notified) changes.</summary>
[GenerateSerializer, Immutable, Alias("alfa.meeting-details")]
public sealed record MeetingDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] MeetingKind Kind,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyList<Guid> Organisers,
    [property: Id(4)] IReadOnlyList<Chair> Chairs,
    [property: Id(5)] int? Capacity,
    [property: Id(6)] DateOnly? RegistrationOpensOn,
    [property: Id(7)] DateOnly? RegistrationClosesOn,
    [property: Id(8)] MeetingVisibility Visibility,
    [property: Id(9)] bool RequiresApproval);

/// <summary>
/// Who registers: <see cref="Id"/> is a person id for <see cref="RegistrantKind.Person"/>, an account id for a
/// partner's account; ids are GUIDs, so one id names one registrant whatever its kind.
/// </summary>
[GenerateSerializer, Immutable, Alias("alfa.registrant")]
public sealed record Registrant(
    [property: Id(0)] RegistrantKind Kind,
    [property: Id(1)] Guid Id,
    [property: Id(2)] string Name,
    [property: Id(3)] Guid? OrganisationId,
    [property: Id(4)] bool IsNetworkMember);
