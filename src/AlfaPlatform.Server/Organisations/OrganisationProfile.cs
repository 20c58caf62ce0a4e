using AlfaPlatform.Server.Organisations.Contracts;
using FluentValidation;

namespace AlfaPlatform.Server.Organisations;

/// <summary>The profile fields that registering and updating an organisation share, and their rules.</summary>
public interface IOrganisationProfile
{
    string? Name { get; }
    string? Acronym { get; }
    string? City { get; }
    string? Country { get; }
    IReadOnlyList<string>? Affiliations { get; }
    string? Website { get; }
}

public sealed class OrganisationProfileValidator : AbstractValidator<IOrganisationProfile>
{
    public OrganisationProfileValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Acronym).NotEmpty().IsAcronym();
        RuleFor(x => x.City).MaximumLength(100);
        RuleFor(x => x.Country).NotEmpty().IsCountryCode();
        RuleForEach(x => x.Affiliations).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Affiliations).Must(a => a is null || a.Count <= 30).WithMessage("At most 30 affiliations.");
        RuleFor(x => x.Website).IsWebAddress().When(x => x.Website is not null);
    }
}

public static class NetworkDates
{
    /// <summary>Older dates are typing mistakes: the network's oldest members date from the 20th century.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);
}
