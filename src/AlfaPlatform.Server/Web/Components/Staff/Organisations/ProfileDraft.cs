using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Organisations;

namespace AlfaPlatform.Server.Web.Components.Staff.Organisations;

/// <summary>An organisation's profile as staff type it (affiliations as one comma-separated line).</summary>
public sealed class ProfileDraft
{
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? Affiliations { get; set; }
    public string? Website { get; set; }

    public static ProfileDraft From(OrganisationResponse o) => new()
    {
        Name = o.Name, Acronym = o.Acronym, City = o.City, Country = o.Country, Affiliations = string.Join(", ", o.Affiliations), Website = o.Website,
    };

    public bool SameAs(ProfileDraft other) =>
        (Name, Acronym, City, Country, Affiliations, Website) == (other.Name, other.Acronym, other.City, other.Country, other.Affiliations, other.Website);

    private List<string> AffiliationList => [.. (Affiliations ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public Register.Command ToRegister(OrganisationKind? kind, CompanySize? size) => new(
        Name ?? "", Acronym ?? "", kind ?? (OrganisationKind)(-1), Blank(City), Country ?? "", AffiliationList, Blank(Website), size);

    public UpdateProfile.Command ToUpdate() => new(Name ?? "", Acronym ?? "", Blank(City), Country ?? "", AffiliationList, Blank(Website));
}
