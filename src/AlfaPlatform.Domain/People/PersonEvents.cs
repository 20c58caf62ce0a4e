namespace AlfaPlatform.Domain.People;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.
// Personal data (names, email, phone, ORCID) sits only in PersonRegistered and PersonProfileUpdated (and free text in
// PersonDeactivated's reason), so that erasure has few event types to mask: a new event holding personal data needs a
// masking rule in PersonalData too (ADR 0008).

/// <summary>
/// Every event of Person's stream derives from this base, and <see cref="Person.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record PersonEvent;

public sealed record PersonRegistered(
    Guid PersonId, string GivenName, string FamilyName, string Email, string? Orcid, string? Title, string? Phone, Guid? PrimaryAffiliation) : PersonEvent;

public sealed record PersonProfileUpdated(
    string GivenName, string FamilyName, string Email, string? Orcid, string? Title, string? Phone, Guid? PrimaryAffiliation) : PersonEvent;

public sealed record PersonDeactivated(string? Reason) : PersonEvent;

public sealed record PersonLinkedToAccount(Guid AccountId) : PersonEvent;

/// <summary>The person's data was erased at their request. Holds nothing about them: the stream keeps only structure.</summary>
public sealed record PersonErased : PersonEvent;

/// <summary>
/// What erasure leaves of the events that hold a person's data: the same event, the person's data blanked (names,
/// email, ORCID, title, phone, and the free-text deactivation reason). Marten rewrites the stored events with these
/// (ADR 0008); <see cref="Person.Evolve"/> blanks the state the same way, so a fold of the masked stream and the
/// live record agree.
/// </summary>
public static class PersonalData
{
    /// <summary>How rosters and records name a person whose data was erased.</summary>
    public const string ErasedName = "erased person";

    public static PersonRegistered Masked(PersonRegistered e) =>
        e with { GivenName = "", FamilyName = "", Email = "", Orcid = null, Title = null, Phone = null };

    public static PersonProfileUpdated Masked(PersonProfileUpdated e) =>
        e with { GivenName = "", FamilyName = "", Email = "", Orcid = null, Title = null, Phone = null };

    public static PersonDeactivated Masked(PersonDeactivated e) => e with { Reason = null };
}
