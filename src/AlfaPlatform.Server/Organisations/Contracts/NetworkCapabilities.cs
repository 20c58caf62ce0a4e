using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>An organisation of the network (any kind but a partner company) with the capabilities it declares.</summary>
/// <param name="HasLeftNetwork">Was a member and is no more; one registered that never joined has not left.</param>
public sealed record NetworkOrganisation(
    Guid Id, string Name, string Acronym, OrganisationKind Kind, IReadOnlyList<Capability> Capabilities, bool IsArchived, bool HasLeftNetwork)
{
    public static NetworkOrganisation From(Organisation organisation) => new(
        organisation.Id, organisation.Name, organisation.Acronym, organisation.Kind, organisation.Capabilities, organisation.IsArchived,
        organisation.NetworkPeriods.Count > 0 && !organisation.IsNetworkMember);
}

/// <summary>The capability look-up other features read instead of the organisations' records (who could take on a request).</summary>
public sealed class NetworkCapabilities(IQuerySession session)
{
    /// <summary>Every organisation that is not a partner company, archived and departed ones included (today).</summary>
    public async Task<IReadOnlyList<NetworkOrganisation>> NetworkOrganisationsAsync(CancellationToken cancellationToken)
    {
        var records = await session.Query<StreamRecord<Organisation>>()
            .Where(o => o.State.Kind != OrganisationKind.PartnerCompany)
            .ToListAsync(cancellationToken);
        return [.. records.Select(r => NetworkOrganisation.From(r.State))];
    }
}
