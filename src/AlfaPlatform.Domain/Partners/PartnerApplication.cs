using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Domain.Partners;

/// <summary>
/// A company's application to become a partner of the network, as its stream says it is: what the company said about
/// itself and who to contact, pending until staff approve it (naming the organisation and account it became) or
/// reject it with a reason.
/// </summary>
public sealed record PartnerApplication(
    Guid Id,
    string CompanyName,
    string Country,
    CompanySize Size,
    string? Website,
    string ContactName,
    string ContactEmail,
    string Interest,
    ApplicationStatus Status,
    Guid? OrganisationId,
    Guid? AccountId,
    string? RejectionReason) : IEventSourced<PartnerApplication>
{
    public static IReadOnlySet<Type> EventTypes { get; } = DomainEvents.Of<PartnerApplicationEvent>();

    /// <summary>The contact's name and email were erased (ADR 0008): both are blank, and the application keeps its company and decision.</summary>
    public bool ContactErased { get; init; }

    /// <summary>The SHA-256 (hex) of the applicant's status token, never the token; null for applications made before it existed.</summary>
    public string? StatusTokenHash { get; init; }

    public static PartnerApplication Evolve(PartnerApplication? state, object domainEvent) => (state, domainEvent) switch
    {
        (null, PartnerApplicationSubmitted e) => new PartnerApplication(
            e.ApplicationId, e.CompanyName, e.Country, e.Size, e.Website, e.ContactName, e.ContactEmail, e.Interest,
            ApplicationStatus.Pending, OrganisationId: null, AccountId: null, RejectionReason: null)
        {
            StatusTokenHash = e.StatusTokenHash,
        },
        ({ Status: ApplicationStatus.Pending }, PartnerApplicationApproved e) => state with
        {
            Status = ApplicationStatus.Approved,
            OrganisationId = e.OrganisationId,
            AccountId = e.AccountId,
        },
        ({ Status: ApplicationStatus.Pending }, PartnerApplicationRejected e) => state with
        {
            Status = ApplicationStatus.Rejected,
            RejectionReason = e.Reason,
        },
        (not null, PartnerContactErased) => state with { ContactName = "", ContactEmail = "", ContactErased = true },
        _ => throw new UnknownEventException(typeof(PartnerApplication), domainEvent),
    };

    /// <summary>One pending application per company name: a second one waits until the first is decided.</summary>
    public static IEnumerable<UniqueKey> UniqueKeys(PartnerApplication? state) =>
        state is { Status: ApplicationStatus.Pending } ? [new UniqueKey(PendingScope, state.CompanyName)] : [];

    public const string PendingScope = "pending partner application";
}

[GenerateSerializer, Alias("alfa.application-status")]
public enum ApplicationStatus
{
    /// <summary>Waiting for staff.</summary>
    Pending,

    /// <summary>The company is registered as a partner organisation and its contact has an account.</summary>
    Approved,

    /// <summary>Refused, with a reason.</summary>
    Rejected,
}
