namespace AlfaPlatform.Domain.Organisations;

/// <summary>
/// A partner company's size category. The state funds the network according to its contract volume with companies
/// of each category, and that split is reported; only organisations of kind <see cref="OrganisationKind.PartnerCompany"/> have one.
/// </summary>
[GenerateSerializer, Alias("alfa.company-size")]
public enum CompanySize
{
    /// <summary>A small or medium-sized enterprise (PME).</summary>
    Sme,

    /// <summary>A mid-size company (ETI).</summary>
    MidSize,

    /// <summary>A large group.</summary>
    LargeGroup,
}
