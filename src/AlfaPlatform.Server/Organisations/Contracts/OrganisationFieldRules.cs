using FluentValidation;

namespace AlfaPlatform.Server.Organisations.Contracts;

/// <summary>The rules of single profile fields, shared with what else describes an organisation (a partner application).</summary>
public static class OrganisationFieldRules
{
    public static IRuleBuilderOptions<T, string?> IsAcronym<T>(this IRuleBuilder<T, string?> rule) => rule.MaximumLength(30)
        .Matches(@"\A[\p{L}\p{N}][\p{L}\p{N}&.\- ]*\z").WithMessage("An acronym holds letters, digits, spaces, '&', '.' and '-'.");

    public static IRuleBuilderOptions<T, string?> IsCountryCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches(@"\A[A-Z]{2}\z").WithMessage("Country is an ISO 3166-1 alpha-2 code in capitals, such as FR.");

    public static IRuleBuilderOptions<T, string?> IsWebAddress<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(w => Uri.TryCreate(w, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        .WithMessage("Website is an absolute http(s) address.");
}
