namespace AlfaPlatform.Server.Search.Contracts;

/// <summary>The kinds of record search finds, as the API names them.</summary>
public static class SearchKinds
{
    public const string Organisation = "organisation";
    public const string Team = "team";
    public const string Person = "person";
    public const string Meeting = "meeting";
    public const string Session = "session";
    public const string Request = "request";

    public static IReadOnlyList<string> All { get; } = [Organisation, Team, Person, Meeting, Session, Request];
}

/// <summary>The search index's async projection, by the name the daemon and the rebuild route know it.</summary>
public static class SearchIndexProjection
{
    public const string Name = "search";
}
