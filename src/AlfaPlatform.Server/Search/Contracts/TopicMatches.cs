namespace AlfaPlatform.Server.Search.Contracts;

/// <summary>
/// What the search index says about a request's topics (disease areas, capabilities sought): the records whose own
/// topics (a team's focus areas and its organisation's capabilities, an organisation's capabilities) match each one,
/// in French or English, accents and word endings ignored.
/// </summary>
public interface ITopicMatches
{
    /// <summary>For each team or organisation matching at least one of <paramref name="topics"/>: the topics it matches, in their order.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> MatchAsync(string kind, IReadOnlyList<string> topics, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="phrases"/> (teams' focus areas) <paramref name="text"/> (a request's own words) holds
    /// every word of, read as the index reads them.
    /// </summary>
    Task<IReadOnlySet<string>> MentionedAsync(string text, IReadOnlyList<string> phrases, CancellationToken cancellationToken);
}
