namespace AlfaPlatform.Server.Tests.Architecture;

/// <summary>
/// Reads across features that break the rules today and are still to move onto the owners' contracts (issue 12),
/// as "From names To" without the <c>AlfaPlatform.Server.</c> / <c>AlfaPlatform.Domain.</c> prefixes. The list only
/// shrinks: <see cref="FeatureDependencyTests"/> fails on a breach not listed here, and on a line here that no longer
/// happens (remove it).
/// </summary>
public static class PendingFeatureDependencies
{
    public static readonly IReadOnlySet<string> Lines = new HashSet<string>(StringComparer.Ordinal)
    {
        "Dashboards.ActivityFeed names Collaborations.CollaborationRequest",
        "Dashboards.ActivityFeed names Organisations.Organisation",
        "Dashboards.ActivityFeed names People.Person",
        "Dashboards.ActivityFeed names Teams.Team",
        "Identity.EraseAccount names Partners.PartnerApplication",
        "Identity.EraseAccount names People.Person",
        "Identity.EraseAccount names People.ErasedParty",
        "Identity.EraseAccount names People.ErasureTraces",
        "Notifications.MeetingNotificationContext names Meetings.Meeting",
        "Notifications.NotificationProjection names Collaborations.CollaborationRequest",
        "Notifications.NotificationProjection names Meetings.Meeting",
        "Notifications.RequestNotificationContext names Collaborations.CollaborationRequest",
        "Partners.ApplyAsPartner names Organisations.OrganisationFieldRules",
        "Partners.ApproveApplication names Organisations.OrganisationFieldRules",
        "Partners.PartnerContactErasure names Identity.Account",
        "Partners.PartnerContactErasure names People.ErasedParty",
        "Partners.PartnerContactErasure names People.ErasureTraces",
        "People.ErasePersonOperation names Teams.Team",
        "People.ErasureTraces names Collaborations.AccessLogErasure",
        "People.ErasureTraces names Identity.Account",
        "People.ErasureTraces names Identity.AccountErasure",
        "People.ErasureTraces names Notifications.EmailDeliveryErasure",
        "People.FindPeople names Teams.Team",
        "People.GetMemberships names Teams.Team",
        "People.PersonErasure names Teams.Team",
        "People.PersonErasure names Identity.Account",
        "Seeding.NetworkSeeder names Organisations.Organisation",
        "Teams.ExportRoster names People.Person",
        "Teams.ImportRoster names People.Person",
        "Web.WebApp names Identity.IdentitySettings",
    };
}
