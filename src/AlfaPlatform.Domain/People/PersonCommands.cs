namespace AlfaPlatform.Domain.People;

/// <summary>A change asked of one person's record; decided by <see cref="PersonDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.person-command")]
public abstract record PersonCommand;

[GenerateSerializer, Immutable, Alias("alfa.register-person")]
public sealed record RegisterPerson(
    [property: Id(0)] string GivenName,
    [property: Id(1)] string FamilyName,
    [property: Id(2)] string Email,
    [property: Id(3)] string? Orcid,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Phone,
    [property: Id(6)] Guid? PrimaryAffiliation) : PersonCommand;

[GenerateSerializer, Immutable, Alias("alfa.update-person-profile")]
public sealed record UpdatePersonProfile(
    [property: Id(0)] string GivenName,
    [property: Id(1)] string FamilyName,
    [property: Id(2)] string Email,
    [property: Id(3)] string? Orcid,
    [property: Id(4)] string? Title,
    [property: Id(5)] string? Phone,
    [property: Id(6)] Guid? PrimaryAffiliation) : PersonCommand;

[GenerateSerializer, Immutable, Alias("alfa.deactivate-person")]
public sealed record DeactivatePerson([property: Id(0)] string? Reason) : PersonCommand;

[GenerateSerializer, Immutable, Alias("alfa.link-person-account")]
public sealed record LinkPersonToAccount([property: Id(0)] Guid AccountId) : PersonCommand;

/// <summary>Erase the person's data at their request: allowed whether active or deactivated; a second time changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("alfa.erase-person")]
public sealed record ErasePerson : PersonCommand;
