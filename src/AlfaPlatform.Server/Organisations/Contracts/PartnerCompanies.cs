using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>Whether an organisation is one a partner may act for: an active organisation of kind PartnerCompany.</summary>
public static class PartnerCompanies
{
    /// <summary>Why a partner may not act for <paramref name="organisationId"/>, or null when it may.</summary>
    public static async Task<Rejection?> CheckAsync(IOrganisationDirectory directory, Guid organisationId, CancellationToken cancellationToken) =>
        await directory.FindAsync(organisationId, cancellationToken) switch
        {
            null => Rejection.Conflict("unknown_organisation", "The partner organisation does not exist."),
            { Kind: not OrganisationKind.PartnerCompany } => Rejection.Conflict("not_a_partner", "The organisation is not a partner company."),
            { IsArchived: true } => Rejection.Conflict("archived", "The partner organisation is archived."),
            _ => null,
        };
}
