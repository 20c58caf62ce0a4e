using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace AlfaPlatform.Server.Web.Components.Shell;

/// <summary>Who sees an entry of the navigation: the same rule as the pages' own authorization attributes.</summary>
public enum Audience
{
    /// <summary>Everyone, signed in or not (public pages).</summary>
    Everyone,

    /// <summary>Only people not signed in (becoming a partner).</summary>
    SignedOut,

    /// <summary><see cref="WebApp.NetworkPolicy"/>: staff, members, viewers.</summary>
    Network,

    /// <summary><see cref="WebApp.StaffPolicy"/>: the network office.</summary>
    Staff,

    /// <summary><see cref="WebApp.PartnerPolicy"/>: a partner company's people.</summary>
    Partner,

    /// <summary><see cref="WebApp.MemberPolicy"/>: researchers of the network's teams.</summary>
    Member,

    /// <summary><see cref="WebApp.AttendeePolicy"/>: members and partners, who register for meetings as themselves.</summary>
    Attendee,
}

/// <summary>One entry of the navigation; <paramref name="Label"/> is the English text, translated by the shared words.</summary>
public sealed record NavigationEntry(string Path, string Label, string Icon, Audience Audience, bool AsOf = false, NavLinkMatch Match = NavLinkMatch.Prefix);

/// <summary>
/// The app's navigation, one list for every role: each person sees only the entries of the pages they may open
/// (a page a role may not use is absent, and its typed address answers the styled 403).
/// </summary>
public static class Navigation
{
    public static IReadOnlyList<NavigationEntry> Entries { get; } =
    [
        new("/requests", "My requests", Icons.Material.Filled.Assignment, Audience.Partner, Match: NavLinkMatch.All),
        new("/requests/new", "New request", Icons.Material.Filled.AddCircleOutline, Audience.Partner, Match: NavLinkMatch.All),
        new("/inbox", "Team inbox", Icons.Material.Filled.Inbox, Audience.Member),
        new("/my-teams", "My teams", Icons.Material.Filled.Diversity3, Audience.Member),
        new("/my-meetings", "My meetings", Icons.Material.Filled.EventAvailable, Audience.Attendee),
        new("/notifications", "Notifications", Icons.Material.Filled.Notifications, Audience.Partner),
        new("/company", "Company account", Icons.Material.Filled.Business, Audience.Partner),
        new("/office/requests", "Requests", Icons.Material.Filled.ViewKanban, Audience.Staff),
        new("/office/applications", "Partner applications", Icons.Material.Filled.HowToReg, Audience.Staff),
        new("/office/organisations", "Organisations", Icons.Material.Filled.Apartment, Audience.Staff),
        new("/office/people", "People", Icons.Material.Filled.People, Audience.Staff),
        new("/office/teams", "Teams", Icons.Material.Filled.Diversity3, Audience.Staff),
        new("/office/meetings", "Meeting organisation", Icons.Material.Filled.EditCalendar, Audience.Staff),
        new("/office/accounts", "Accounts", Icons.Material.Filled.ManageAccounts, Audience.Staff),
        new("/office/audit", "Audit", Icons.Material.Filled.ManageSearch, Audience.Staff),
        new("/office/carnot", "Carnot report", Icons.Material.Filled.Assessment, Audience.Staff),
        new("/overview", "Overview", Icons.Material.Filled.Dashboard, Audience.Network, AsOf: true),
        new("/pipeline", "Pipeline", Icons.Material.Filled.FilterAlt, Audience.Network, AsOf: true),
        new("/value", "Partnership value", Icons.Material.Filled.Euro, Audience.Network, AsOf: true),
        new("/membership", "Membership", Icons.Material.Filled.Groups, Audience.Network, AsOf: true),
        new("/meetings", "Meetings", Icons.Material.Filled.Event, Audience.Network, AsOf: true),
        new("/activity", "Activity", Icons.Material.Filled.History, Audience.Network, AsOf: true),
        new("/calendar", "Calendar", Icons.Material.Filled.CalendarMonth, Audience.Everyone),
        new("/apply", "Become a partner", Icons.Material.Filled.Handshake, Audience.SignedOut),
    ];

    /// <summary>The entries a person sees; <paramref name="network"/>, <paramref name="staff"/>, <paramref name="partner"/> and <paramref name="member"/> come from the pages' policies.</summary>
    public static IEnumerable<NavigationEntry> For(bool signedIn, bool network, bool staff, bool partner, bool member) => Entries.Where(entry => entry.Audience switch
    {
        Audience.Everyone => true,
        Audience.SignedOut => !signedIn,
        Audience.Network => network,
        Audience.Staff => staff,
        Audience.Partner => partner,
        Audience.Member => member,
        Audience.Attendee => partner || member,
        _ => false,
    });

    /// <summary>Where a person lands at <c>/</c>: their workspace's first page (a member's: their teams' inbox).</summary>
    public static string Home(bool signedIn, bool network, bool partner, bool member) =>
        partner ? "/requests" : member ? "/inbox" : network ? "/overview" : signedIn ? "/profile" : "/signin";
}
