using System.Security.Claims;

namespace AlfaPlatform.Server.Infrastructure.Security;

/// <summary>The four roles of the platform and the claims our tokens carry.</summary>
public static class Roles
{
    /// <summary>The network office: manages organisations, people, teams, requests and meetings.</summary>
    public const string Staff = "staff";

    /// <summary>A researcher in one or more teams.</summary>
    public const string Member = "member";

    /// <summary>A person (or system) of a partner company, bound to that organisation.</summary>
    public const string Partner = "partner";

    /// <summary>Read-only dashboards, such as a board member.</summary>
    public const string Viewer = "viewer";

    /// <summary>Most privileged first: a caller acts in the first of these it holds.</summary>
    public static readonly IReadOnlyList<string> All = [Staff, Member, Viewer, Partner];

    public static string? ActingRole(ClaimsPrincipal user) => All.FirstOrDefault(user.IsInRole);

    /// <summary>
    /// A partner sees only its own organisation's records. Fails closed: a partner whose token names no valid
    /// organisation is restricted to none (<see cref="Guid.Empty"/>) and sees nothing.
    /// </summary>
    public static Guid? RestrictedToOrganisation(ClaimsPrincipal user) =>
        ActingRole(user) != Partner ? null
        : Guid.TryParse(user.FindFirstValue(PlatformClaims.Organisation), out var organisation) ? organisation
        : Guid.Empty;
}

public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The partner organisation a partner account or API client acts for.</summary>
    public const string Organisation = "alfa_org";

    /// <summary>The account's session stamp when the token or cookie was issued (Identity's Account.SessionStamp).</summary>
    public const string SessionStamp = "alfa_stamp";
}

/// <summary>Authorization policies; every endpoint names one (or allows anonymous callers explicitly).</summary>
public static class Policies
{
    public const string Staff = "staff";

    /// <summary>Any role; what each role then sees is decided per record (a partner, its own organisation).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Staff, and members for what they are responsible for (a team they lead), checked per record.</summary>
    public const string StaffOrMember = "staff-or-member";

    /// <summary>Staff, and partners for their own company's records, checked per record.</summary>
    public const string StaffOrPartner = "staff-or-partner";

    /// <summary>The parties to collaboration requests (staff, members of routed teams, partners), each checked per request.</summary>
    public const string RequestParties = "request-parties";

    /// <summary>The network's own people (staff, members, viewers): partners see nothing of the people directory.</summary>
    public const string Network = "network";

    /// <summary>Who registers for meetings (staff, members, partner people); each checked per meeting.</summary>
    public const string MeetingParticipants = "meeting-participants";
}
