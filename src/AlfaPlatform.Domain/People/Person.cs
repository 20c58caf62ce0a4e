using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Domain.People;

/// <summary>Somebody known to the network: a member of teams, a partner contact, a staff member.</summary>
public sealed record Person(
    Guid Id,
    string GivenName,
    string FamilyName,
    string Email,
    string? Orcid,
    string? Title,
    string? Phone,
    Guid? PrimaryAffiliation,
    Guid? AccountId,
    bool IsActive) : IEventSourced<Person>
{
    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<PersonEvent>();

    /// <summary>
    /// The person's data was erased: the record keeps its id, affiliation and account link (structure), nothing
    /// about the person. An init property, so records stored before erasure existed read as not erased.
    /// </summary>
    public bool IsErased { get; init; }

    /// <summary>
    /// "erased person" once erased, and in an as-of view of an erased person from before the erasure (its events are
    /// masked, so the names are blank: registering requires them).
    /// </summary>
    public string DisplayName => IsErased || (GivenName.Length == 0 && FamilyName.Length == 0)
        ? PersonalData.ErasedName
        : $"{GivenName} {FamilyName}";

    public static Person Evolve(Person? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, PersonRegistered e) => new Person(
            e.PersonId, e.GivenName, e.FamilyName, e.Email, e.Orcid, e.Title, e.Phone, e.PrimaryAffiliation, AccountId: null, IsActive: true),
        (not null, PersonProfileUpdated e) => state with
        {
            GivenName = e.GivenName,
            FamilyName = e.FamilyName,
            Email = e.Email,
            Orcid = e.Orcid,
            Title = e.Title,
            Phone = e.Phone,
            PrimaryAffiliation = e.PrimaryAffiliation,
        },
        (not null, PersonDeactivated) => state with { IsActive = false },
        (not null, PersonLinkedToAccount e) => state with { AccountId = e.AccountId },
        (not null, PersonErased) => state with
        {
            GivenName = "",
            FamilyName = "",
            Email = "",
            Orcid = null,
            Title = null,
            Phone = null,
            IsActive = false,
            IsErased = true,
        },
        _ => throw new UnknownEventException(typeof(Person), domainEvent),
    };

    /// <summary>An email, and a sign-in account, belong to one active person at a time; deactivation or erasure frees them.</summary>
    public static IEnumerable<UniqueKey> UniqueKeys(Person? state) => state switch
    {
        { IsActive: true, IsErased: false, AccountId: { } account } =>
            [new UniqueKey("person email", state.Email), new UniqueKey("person account", account.ToString())],
        { IsActive: true, IsErased: false } => [new UniqueKey("person email", state.Email)],
        _ => [],
    };
}
