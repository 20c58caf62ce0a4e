using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Organisations;

/// <summary>An organisation as the API shows it, live or as of a date.</summary>
public sealed record OrganisationResponse(
    Guid Id,
    long Version,
    string Name,
    string Acronym,
    OrganisationKind Kind,
    string? City,
    string Country,
    IReadOnlyList<string> Affiliations,
    string? Website,
    IReadOnlyList<Capability> Capabilities,
    bool IsNetworkMember,
    IReadOnlyList<NetworkPeriod> NetworkPeriods,
    bool IsArchived,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt)
{
    public static OrganisationResponse From(StreamRecord<Organisation> record)
    {
        var o = record.State;
        return new OrganisationResponse(
            record.Id, record.Version, o.Name, o.Acronym, o.Kind, o.City, o.Country, o.Affiliations, o.Website,
            o.Capabilities, o.IsNetworkMember, o.NetworkPeriods, o.IsArchived, record.CreatedAt, record.UpdatedAt);
    }
}
