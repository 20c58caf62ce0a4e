using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;

namespace AlfaPlatform.Server.Organisations;

/// <summary>An organisation as the API shows it, live or as of a date; <see cref="Size"/> is a partner company's only.</summary>
public sealed record OrganisationResponse(
    Guid Id,
    long Version,
    string Name,
    string Acronym,
    OrganisationKind Kind,
    CompanySize? Size,
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
            record.Id, record.Version, o.Name, o.Acronym, o.Kind, o.Size, o.City, o.Country, o.Affiliations, o.Website,
            o.Capabilities, o.IsNetworkMember, o.NetworkPeriods, o.IsArchived, record.CreatedAt, record.UpdatedAt);
    }
}
