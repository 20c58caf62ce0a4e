using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// One thing a party of a collaboration request or a registrant of a meeting is told, for one audience: written by
/// <see cref="NotificationProjection"/> in the transaction that appends the event it tells of, and never changed
/// afterwards. Its id is derived from the event and the audience, so projecting the same event again (a retry, a
/// replay, a rebuild) rewrites the same document instead of adding a second one.
/// </summary>
/// <param name="Subject">What it is about: a collaboration request or a meeting, <see cref="SubjectId"/> being its stream id.</param>
/// <param name="SubjectTitle">The request's or the meeting's title when the event happened.</param>
/// <param name="Audience">Who it is for: <c>staff</c>, <c>partner:{organisation}</c>, <c>target:{team or organisation}</c> or <c>registrant:{person or account}</c> (<see cref="Audiences"/>).</param>
/// <param name="ActorId">Who caused the event: nobody is told of their own action.</param>
/// <param name="TargetId">The routed team or organisation it is about, when it is about one.</param>
/// <param name="Reason">A request's decline code.</param>
/// <param name="Message">Words of a person that belong to this audience: the decline message for the partner, the withdrawal reason for staff, the reason staff gave for a meeting's change, cancellation or a declined registration.</param>
/// <param name="Time">A meeting's new dates (local, with their time zone), when it was rescheduled.</param>
/// <param name="Place">A meeting's new place, when it was moved.</param>
/// <param name="Words">What <see cref="Text"/> says, as a phrase a page can say in its reader's language (null in documents written before phrases).</param>
public sealed record Notification(
    Guid Id,
    NotificationSubject Subject,
    Guid SubjectId,
    string SubjectTitle,
    NotificationKind Kind,
    string Text,
    string Audience,
    DateTimeOffset At,
    string ActorId,
    Guid EventId,
    long Sequence,
    Guid? TargetId = null,
    DateOnly? DueOn = null,
    DeclineReason? Reason = null,
    string? Message = null,
    MeetingTime? Time = null,
    MeetingPlace? Place = null,
    Phrase? Words = null);

/// <summary>What a notification is about; the names are part of the API.</summary>
public enum NotificationSubject
{
    Request,
    Meeting,

    /// <summary>A partner application: emailed to its applicant only, never in anyone's inbox.</summary>
    PartnerApplication,
}

/// <summary>What a notification tells; the names are part of the API.</summary>
public enum NotificationKind
{
    RequestSubmitted,
    RequestAccepted,
    ScreeningOverdue,
    RoutedToYourTeam,
    RoutingAnswered,
    AnswerOverdue,
    ProposalsShortlisted,
    ProposalNotShortlisted,
    ProposalSelected,
    ProposalNotSelected,
    AgreementRecorded,
    CollaborationStarted,
    RequestCompleted,
    SatisfactionRated,
    RequestDeclined,
    RequestWithdrawn,
    MessagePosted,
    MeetingRescheduled,
    MeetingMoved,
    MeetingCancelled,
    RegistrationToApprove,
    RegistrationApproved,
    RegistrationDeclined,
    PromotedFromWaitingList,
    ApplicationReceived,
}

/// <summary>The audiences notifications are addressed to; a caller's own are worked out when they read (<see cref="MyNotifications"/>).</summary>
public static class Audiences
{
    /// <summary>Every staff account.</summary>
    public const string Staff = "staff";

    private const string PartnerPrefix = "partner:";
    private const string TargetPrefix = "target:";
    private const string RegistrantPrefix = "registrant:";
    private const string ApplicantPrefix = "applicant:";

    /// <summary>Every account of one partner company (its people and its systems), and no other company's.</summary>
    public static string Partner(Guid organisationId) => PartnerPrefix + organisationId.ToString("D");

    /// <summary>The members of a routed team, or of the teams of a routed organisation.</summary>
    public static string Target(Guid teamOrOrganisationId) => TargetPrefix + teamOrOrganisationId.ToString("D");

    /// <summary>
    /// One registrant of meetings: a person of the directory (the account linked to them reads it) or a partner's
    /// account (that account reads it), the id a registration is made under.
    /// </summary>
    public static string Registrant(Guid registrantId) => RegistrantPrefix + registrantId.ToString("D");

    /// <summary>The contact of one partner application, by email only: no account reads it.</summary>
    public static string Applicant(Guid applicationId) => ApplicantPrefix + applicationId.ToString("D");

    public static Guid? ApplicantOf(string audience) =>
        audience.StartsWith(ApplicantPrefix, StringComparison.Ordinal) && Guid.TryParse(audience.AsSpan(ApplicantPrefix.Length), out var id) ? id : null;

    public static Guid? PartnerOf(string audience) =>
        audience.StartsWith(PartnerPrefix, StringComparison.Ordinal) && Guid.TryParse(audience.AsSpan(PartnerPrefix.Length), out var id) ? id : null;

    public static Guid? TargetOf(string audience) =>
        audience.StartsWith(TargetPrefix, StringComparison.Ordinal) && Guid.TryParse(audience.AsSpan(TargetPrefix.Length), out var id) ? id : null;

    public static Guid? RegistrantOf(string audience) =>
        audience.StartsWith(RegistrantPrefix, StringComparison.Ordinal) && Guid.TryParse(audience.AsSpan(RegistrantPrefix.Length), out var id) ? id : null;
}

/// <summary>Ids that are the same however often they are computed: a name-based UUID (RFC 9562 version 8, from SHA-256).</summary>
public static class StableIds
{
    /// <summary>The notification of one event for one audience.</summary>
    public static Guid Notification(Guid eventId, string audience) => From($"alfa.notification|{eventId:N}|{audience}");

    /// <summary>The email of one notification to one account.</summary>
    public static Guid Delivery(Guid notificationId, string accountId) => From($"alfa.email-delivery|{notificationId:N}|{accountId}");

    /// <summary>The one email telling an applicant its status link.</summary>
    public static Guid ApplicantStatusLink(Guid applicationId) => From($"alfa.applicant-status-link|{applicationId:N}");

    private static Guid From(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
