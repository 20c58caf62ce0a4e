using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Partners;

// Stored in Marten streams: renaming a type or a property breaks stored history. Add new events instead.
// The contact's name and email are personal data, in PartnerApplicationSubmitted only (ADR 0008).

/// <summary>
/// Every event of PartnerApplication's stream derives from this base, and <see cref="PartnerApplication.EventTypes"/> is derived from it: a new
/// event is registered with Marten and read models by deriving from it. It holds nothing, so the stored JSON is the event's own.
/// </summary>
public abstract record PartnerApplicationEvent;

/// <summary>
/// A company applied to become a partner (self-service, usually without signing in). <see cref="StatusTokenHash"/> is
/// the SHA-256 (hex) of the secret status token the applicant was given to follow it; applications older than the
/// status page have none.
/// </summary>
public sealed record PartnerApplicationSubmitted(
    Guid ApplicationId,
    string CompanyName,
    string Country,
    CompanySize Size,
    string? Website,
    string ContactName,
    string ContactEmail,
    string Interest,
    string? StatusTokenHash = null) : PartnerApplicationEvent;

/// <summary>Staff approved it: the company is the organisation <see cref="OrganisationId"/>, its contact the account <see cref="AccountId"/>.</summary>
public sealed record PartnerApplicationApproved(Guid OrganisationId, Guid AccountId) : PartnerApplicationEvent;

public sealed record PartnerApplicationRejected(string Reason) : PartnerApplicationEvent;

/// <summary>The contact's data was erased at their request. Holds nothing about them: the application keeps the company and the decision.</summary>
public sealed record PartnerContactErased : PartnerApplicationEvent;

/// <summary>What erasure leaves of the events that hold a partner contact's data: the same event, the name and email blanked (ADR 0008).</summary>
public static class PartnerContactData
{
    public static PartnerApplicationSubmitted Masked(PartnerApplicationSubmitted e) => e with { ContactName = "", ContactEmail = "" };
}
