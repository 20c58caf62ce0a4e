using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Partners;

/// <summary>A change asked of one partner application; decided by <see cref="PartnerApplicationDecider"/>.</summary>
[GenerateSerializer, Immutable, Alias("alfa.partner-application-command")]
public abstract record PartnerApplicationCommand;

[GenerateSerializer, Immutable, Alias("alfa.submit-partner-application")]
public sealed record SubmitPartnerApplication(
    [property: Id(0)] string CompanyName,
    [property: Id(1)] string Country,
    [property: Id(2)] CompanySize Size,
    [property: Id(3)] string? Website,
    [property: Id(4)] string ContactName,
    [property: Id(5)] string ContactEmail,
    [property: Id(6)] string Interest,
    [property: Id(7)] string? StatusTokenHash = null) : PartnerApplicationCommand;

/// <summary>Records the approval once the organisation and the contact's account exist.</summary>
[GenerateSerializer, Immutable, Alias("alfa.approve-partner-application")]
public sealed record ApprovePartnerApplication(
    [property: Id(0)] Guid OrganisationId,
    [property: Id(1)] Guid AccountId) : PartnerApplicationCommand;

[GenerateSerializer, Immutable, Alias("alfa.reject-partner-application")]
public sealed record RejectPartnerApplication(
    [property: Id(0)] string Reason) : PartnerApplicationCommand;

/// <summary>Erase the contact's name and email at their request (ADR 0008), once the application is decided.</summary>
[GenerateSerializer, Immutable, Alias("alfa.erase-partner-contact")]
public sealed record ErasePartnerContact : PartnerApplicationCommand;
