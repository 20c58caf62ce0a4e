using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using AlfaPlatform.Server.Organisations.Contracts;

namespace AlfaPlatform.Server.Identity;

internal static class PartnerOrganisations
{
    /// <summary>Partner accounts and API clients act for an active organisation of kind PartnerCompany.</summary>
    public static async Task<Rejection?> CheckAsync(IQuerySession session, Guid organisationId, CancellationToken cancellationToken) =>
        await new OrganisationDirectory(session).FindAsync(organisationId, cancellationToken) switch
        {
            null => Rejection.Conflict("unknown_organisation", "The partner organisation does not exist."),
            { Kind: not OrganisationKind.PartnerCompany } => Rejection.Conflict("not_a_partner", "The organisation is not a partner company."),
            { IsArchived: true } => Rejection.Conflict("archived", "The partner organisation is archived."),
            _ => null,
        };
}
