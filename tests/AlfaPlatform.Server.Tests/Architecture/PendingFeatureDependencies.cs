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
        "Meetings.MeetingSeeder names Organisations.Organisation",
        "Meetings.SubmitContributionOperation names Teams.Team",
    };
}
