namespace AlfaPlatform.Domain.Organisations;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>
/// Every event of Organisation's stream derives from this base, and <see cref="Organisation.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record OrganisationEvent;

public sealed record OrganisationRegistered(
    Guid OrganisationId,
    string Name,
    string Acronym,
    OrganisationKind Kind,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website,
    CompanySize? Size = null) : OrganisationEvent; // added with partner companies: absent (null) in events stored before

public sealed record OrganisationProfileUpdated(
    string Name,
    string Acronym,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website) : OrganisationEvent;

public sealed record CapabilityDeclared(Capability Capability) : OrganisationEvent;

public sealed record CapabilityWithdrawn(Capability Capability, string? Reason) : OrganisationEvent;

public sealed record OrganisationJoinedNetwork(DateOnly On) : OrganisationEvent;

public sealed record OrganisationLeftNetwork(DateOnly On, string? Reason) : OrganisationEvent;

public sealed record OrganisationArchived(string? Reason) : OrganisationEvent;

/// <summary>Staff brought back an organisation archived by mistake: it holds its acronym again and accepts changes.</summary>
public sealed record OrganisationReinstated(string? Reason) : OrganisationEvent;

/// <summary>Staff changed a partner company's size category (it grew, was bought, or was first recorded wrongly).</summary>
public sealed record CompanySizeChanged(CompanySize Size, string? Reason) : OrganisationEvent;
