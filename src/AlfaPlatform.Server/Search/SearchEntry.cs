using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.People;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Search.Contracts;

namespace AlfaPlatform.Server.Search;

/// <summary>Who may find an entry; the caller's role and ties decide (<see cref="FindAnything"/>).</summary>
public static class SearchAudience
{
    /// <summary>Anyone signed in: public meetings and their sessions.</summary>
    public const string Everyone = "everyone";

    /// <summary>Staff, members and viewers: the network's organisations, teams, people, members-only meetings.</summary>
    public const string Network = "network";

    /// <summary>A partner company: staff and viewers (who read partners' names), and the company's own people.</summary>
    public const string PartnerCompany = "partner-company";

    /// <summary>A request: staff, the partner company that made it, members of the teams it is routed to.</summary>
    public const string Request = "request";

    /// <summary>Staff only: drafts, archived records, people no longer active.</summary>
    public const string Staff = "staff";
}

/// <summary>
/// One thing search finds. <paramref name="Title"/> weighs more than <paramref name="Body"/>; <paramref name="Topics"/>
/// is what routing matches a request against (focus areas, capabilities, disease areas). Confidential details and
/// contact data are never part of an entry.
/// </summary>
public sealed partial record SearchEntry(
    string Id,
    string Kind,
    Guid RecordId,
    string Title,
    string Body,
    string Topics,
    string Audience,
    Guid? OrganisationId = null,
    IReadOnlyList<Guid>? Targets = null)
{
    public static SearchEntry Of(Organisation organisation) => new(
        Key(SearchKinds.Organisation, organisation.Id), SearchKinds.Organisation, organisation.Id,
        $"{organisation.Name} ({organisation.Acronym})",
        Sentence([Words(organisation.Kind), organisation.City, organisation.Country, .. organisation.Affiliations]),
        Sentence(organisation.Capabilities.Select(CapabilityWords.Of)),
        organisation.IsArchived ? SearchAudience.Staff
        : organisation.Kind == OrganisationKind.PartnerCompany ? SearchAudience.PartnerCompany
        : SearchAudience.Network,
        organisation.Id);

    /// <param name="home">The team's organisation, when its record exists.</param>
    public static SearchEntry Of(Team team, Organisation? home) => new(
        Key(SearchKinds.Team, team.Id), SearchKinds.Team, team.Id, team.Name,
        Sentence([.. team.FocusAreas, home is null ? null : $"{home.Name} ({home.Acronym})", .. (home?.Capabilities ?? []).Select(CapabilityWords.Of)]),
        Sentence(team.FocusAreas),
        team.IsArchived ? SearchAudience.Staff : SearchAudience.Network,
        team.OrganisationId);

    /// <summary>A person with their current memberships: roles, teams and those teams' focus areas (no contact data).</summary>
    public static SearchEntry Of(Person person, IReadOnlyCollection<MembershipLine> memberships) => new(
        Key(SearchKinds.Person, person.Id), SearchKinds.Person, person.Id, person.DisplayName,
        Sentence([person.Title, .. memberships.Select(m => m.Text)]),
        Sentence(memberships.Select(m => m.Topics)),
        person.IsActive ? SearchAudience.Network : SearchAudience.Staff,
        person.PrimaryAffiliation);

    public static SearchEntry Of(Meeting meeting) => new(
        Key(SearchKinds.Meeting, meeting.Id), SearchKinds.Meeting, meeting.Id, meeting.Details.Title,
        Sentence([Words(meeting.Details.Kind), meeting.Details.Description, meeting.Place.Venue?.Name, meeting.Place.Venue?.City,
            $"{meeting.Time.Start:yyyy-MM-dd}", .. meeting.Details.Chairs.Select(c => c.Name)]),
        string.Empty,
        MeetingAudience(meeting));

    /// <summary>A programme session with the contributions scheduled in it; found as its meeting is.</summary>
    public static SearchEntry Of(Meeting meeting, Session session) => new(
        Key(SearchKinds.Session, session.Id), SearchKinds.Session, meeting.Id, session.Title,
        Sentence([meeting.Details.Title, Words(session.Kind), session.Room, .. session.Chairs.Select(c => c.Name),
            .. meeting.Contributions.Where(c => c.SessionId == session.Id && c.Status == ContributionStatus.Accepted)
                .SelectMany(c => new[] { c.Title, string.Join(", ", c.Authors) })]),
        string.Empty,
        MeetingAudience(meeting));

    /// <summary>What a request says openly (never its confidential details), found by its parties only.</summary>
    public static SearchEntry Of(CollaborationRequest request) => new(
        Key(SearchKinds.Request, request.Id), SearchKinds.Request, request.Id, request.Details.Title,
        Sentence([request.Details.Summary, .. request.Details.DiseaseAreas, .. request.Details.Capabilities.Select(CapabilityWords.Of)]),
        Sentence([.. request.Details.DiseaseAreas, .. request.Details.Capabilities.Select(CapabilityWords.Of)]),
        SearchAudience.Request,
        request.PartnerOrganisationId,
        [.. request.Routings.Select(r => r.TargetId)]);

    public static string Key(string kind, Guid id) => $"{kind}:{id:N}";

    private static string MeetingAudience(Meeting meeting) =>
        meeting.Status == MeetingStatus.Draft ? SearchAudience.Staff
        : meeting.Details.Visibility == MeetingVisibility.Public ? SearchAudience.Everyone
        : SearchAudience.Network;

    /// <summary>An enum value in words: <c>PartneringDay</c> → "partnering day".</summary>
    public static string Words<TEnum>(TEnum value) where TEnum : struct, Enum =>
        SplitWords().Replace(value.ToString(), " $1").Trim().ToLowerInvariant();

    private static string Sentence(IEnumerable<string?> parts) => string.Join(". ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex SplitWords();
}

/// <summary>A person's membership of one team as search reads it: their role, the team and its focus areas.</summary>
public sealed record MembershipLine(Guid TeamId, string Text, string Topics)
{
    public static MembershipLine Of(Team team, Membership membership, Organisation? home) => new(
        team.Id,
        string.Join(" · ", new[] { membership.RoleLabel ?? SearchEntry.Words(membership.Role), team.Name, home?.Acronym, string.Join(", ", team.FocusAreas) }
            .Where(p => !string.IsNullOrWhiteSpace(p))),
        string.Join(". ", team.FocusAreas));
}
