using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace AlfaPlatform.Server.Web.Localization;

/// <summary>
/// The web app's two languages. The chosen one (the switch in the app bar, remembered in a cookie) wins over the
/// browser's preference; anything else is English. Amounts are euros in both: the network is French, its partners
/// are not all, so English reads "€7,200,000" and French "7 200 000 €".
/// </summary>
public static class WebCultures
{
    public const string CookieName = "alfa.language";

    public static CultureInfo English { get; } = Euros("en-GB");

    public static CultureInfo French { get; } = Euros("fr-FR");

    public static IReadOnlyList<CultureInfo> All { get; } = [English, French];

    /// <summary>The culture of a language code ("fr", "fr-CA", "en-US"…), or null for a language the app does not speak.</summary>
    public static CultureInfo? ForLanguage(string? language) =>
        language?.Split('-', 2)[0].Trim().ToLowerInvariant() switch
        {
            "fr" => French,
            "en" => English,
            _ => null,
        };

    /// <summary>The short code the switch and the cookie use ("en", "fr").</summary>
    public static string Code(CultureInfo culture) => culture.TwoLetterISOLanguageName;

    public static IServiceCollection AddWebCultures(this IServiceCollection services)
    {
        services.AddLocalization();
        return services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(English);
            options.SupportedCultures = [.. All];
            options.SupportedUICultures = [.. All];
            options.RequestCultureProviders = [new ChosenOrPreferredLanguage()];
        });
    }

    public static void RememberChoice(HttpResponse response, CultureInfo culture) =>
        response.Cookies.Append(CookieName, Code(culture), new CookieOptions
        {
            MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Path = "/",
        });

    private static CultureInfo Euros(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        culture.NumberFormat.CurrencySymbol = "€";
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>The remembered choice, else the first language of Accept-Language (by quality) the app speaks.</summary>
    private sealed class ChosenOrPreferredLanguage : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var culture = ForLanguage(httpContext.Request.Cookies[CookieName])
                ?? httpContext.Request.GetTypedHeaders().AcceptLanguage
                    .Where(l => l.Quality is not 0)
                    .OrderByDescending(l => l.Quality ?? 1)
                    .Select(l => ForLanguage(l.Value.Value))
                    .FirstOrDefault(c => c is not null);
            return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture.Name));
        }
    }
}
