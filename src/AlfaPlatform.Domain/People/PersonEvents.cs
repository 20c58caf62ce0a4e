namespace AlfaPlatform.Domain.People;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.
// Personal data (names, email, phone, ORCID) sits only in PersonRegistered and PersonProfileUpdated, so that erasure
// has two event types to mask.

public sealed record PersonRegistered(
    Guid PersonId, string GivenName, string FamilyName, string Email, string? Orcid, string? Title, string? Phone, Guid? PrimaryAffiliation);

public sealed record PersonProfileUpdated(
    string GivenName, string FamilyName, string Email, string? Orcid, string? Title, string? Phone, Guid? PrimaryAffiliation);

public sealed record PersonDeactivated(string? Reason);

public sealed record PersonLinkedToAccount(Guid AccountId);
