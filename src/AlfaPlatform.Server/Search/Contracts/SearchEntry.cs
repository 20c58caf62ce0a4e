using System.Text.RegularExpressions;

namespace AlfaPlatform.Server.Search.Contracts;

/// <summary>Who may find an entry; the caller's role and ties decide (<c>FindAnything</c>).</summary>
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
/// One thing search finds, as the feature that owns the record words it (each publishes its entries beside its other
/// contracts). <paramref name="Title"/> weighs more than <paramref name="Body"/>; <paramref name="Topics"/> is what
/// routing matches a request against (focus areas, capabilities, disease areas). Confidential details and contact
/// data are never part of an entry.
/// </summary>
/// <param name="OrganisationId">The partner company that may find it (its own record, its requests); for others the record's organisation.</param>
/// <param name="Targets">For a request: the teams and organisations it is routed to, whose members may find it.</param>
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
    public static string Key(string kind, Guid id) => $"{kind}:{id:N}";

    /// <summary>An enum value in words: <c>PartneringDay</c> → "partnering day".</summary>
    public static string Words<TEnum>(TEnum value) where TEnum : struct, Enum =>
        SplitWords().Replace(value.ToString(), " $1").Trim().ToLowerInvariant();

    /// <summary>The parts that have text, as sentences (each a phrase of its own for the ranking's proximity).</summary>
    public static string Sentence(IEnumerable<string?> parts) => string.Join(". ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex SplitWords();
}

/// <summary>A person's membership of one team as their entry shows it: their role, the team and its focus areas.</summary>
public sealed record MembershipLine(Guid TeamId, string Text, string Topics);

/// <summary>A change to a person's memberships: <paramref name="Line"/> null when they are no longer in the team (or it was archived).</summary>
public sealed record MembershipLineChange(Guid PersonId, Guid TeamId, MembershipLine? Line);
