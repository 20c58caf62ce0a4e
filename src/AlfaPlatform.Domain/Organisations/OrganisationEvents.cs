namespace AlfaPlatform.Domain.Organisations;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

public sealed record OrganisationRegistered(
    Guid OrganisationId,
    string Name,
    string Acronym,
    OrganisationKind Kind,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website);

public sealed record OrganisationProfileUpdated(
    string Name,
    string Acronym,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website);

public sealed record CapabilityDeclared(Capability Capability);

public sealed record CapabilityWithdrawn(Capability Capability, string? Reason);

public sealed record OrganisationJoinedNetwork(DateOnly On);

public sealed record OrganisationLeftNetwork(DateOnly On, string? Reason);

public sealed record OrganisationArchived(string? Reason);
