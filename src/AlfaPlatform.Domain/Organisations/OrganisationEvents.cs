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
    string? Website,
    CompanySize? Size = null); // added with partner companies: absent (null) in events stored before

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

/// <summary>Staff changed a partner company's size category (it grew, was bought, or was first recorded wrongly).</summary>
public sealed record CompanySizeChanged(CompanySize Size, string? Reason);
