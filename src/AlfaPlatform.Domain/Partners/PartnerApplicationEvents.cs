using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Partners;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.

/// <summary>A company applied to become a partner (self-service, usually without signing in).</summary>
public sealed record PartnerApplicationSubmitted(
    Guid ApplicationId,
    string CompanyName,
    string Country,
    CompanySize Size,
    string? Website,
    string ContactName,
    string ContactEmail,
    string Interest);

/// <summary>Staff approved it: the company is the organisation <see cref="OrganisationId"/>, its contact the account <see cref="AccountId"/>.</summary>
public sealed record PartnerApplicationApproved(Guid OrganisationId, Guid AccountId);

public sealed record PartnerApplicationRejected(string Reason);
