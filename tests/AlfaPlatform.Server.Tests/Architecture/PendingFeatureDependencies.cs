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
        "Collaborations.DraftRequestOperation names Identity.PartnerOrganisations",
        "Collaborations.RequestViews names Organisations.Organisation",
        "Collaborations.RequestViews names Teams.Team",
        "Collaborations.RoutingSuggestions names Organisations.Organisation",
        "Collaborations.RoutingSuggestions names Teams.Team",
        "Identity.EraseAccount names Partners.PartnerApplication",
        "Identity.EraseAccount names People.Person",
        "Identity.EraseAccount names People.ErasedParty",
        "Identity.EraseAccount names People.ErasureTraces",
        "Meetings.MeetingSeeder names Organisations.Organisation",
        "Meetings.SubmitContributionOperation names Teams.Team",
        "Partners.PartnerContactErasure names Identity.Account",
        "Partners.PartnerContactErasure names People.ErasedParty",
        "Partners.PartnerContactErasure names People.ErasureTraces",
        "People.ErasePersonOperation names Teams.Team",
        "People.ErasureTraces names Collaborations.AccessLogErasure",
        "People.ErasureTraces names Identity.Account",
        "People.ErasureTraces names Identity.AccountErasure",
        "People.ErasureTraces names Notifications.EmailDeliveryErasure",
        "People.PersonErasure names Teams.Team",
        "People.PersonErasure names Identity.Account",
    };
}
