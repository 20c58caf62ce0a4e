using System.Globalization;

namespace AlfaPlatform.Server.Web.Localization;

/// <summary>
/// Dates, moments, numbers and euros in the chosen language (the circuit's culture, set from the request that opened
/// it): "27 Feb 2026" / "27 févr. 2026", "€7,200,000" / "7 200 000 €". Moments read in the network's time zone.
/// </summary>
public static class Show
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string Day(DateOnly? day) => day is { } d ? Day(d) : "";

    public static string Moment(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Paris).ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public static string Moment(DateTimeOffset? moment) => moment is { } m ? Moment(m) : "";

    public static string Euros(decimal euros) => euros.ToString("C0", CultureInfo.CurrentCulture);

    public static string Euros(decimal? euros) => euros is { } e ? Euros(e) : "";

    public static string Number(long number) => number.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>
    /// A country by its ISO 3166 code, named in the chosen language ("Germany" / "Allemagne"); the code itself when
    /// the code is unknown. <see cref="RegionInfo.DisplayName"/> gives the country's own name whatever the language
    /// (ICU), so the name is read from ICU's display name of an English locale of that country: "anglais (Allemagne)".
    /// </summary>
    public static string Country(string code)
    {
        if (code is not { Length: 2 } || !code.All(char.IsAsciiLetterUpper))
        {
            return code;
        }

        var language = CultureInfo.GetCultureInfo("en").DisplayName;
        var shown = CultureInfo.GetCultureInfo("en-" + code).DisplayName;
        return shown.StartsWith(language + " (", StringComparison.Ordinal) && shown.EndsWith(')')
            ? shown[(language.Length + 2)..^1]
            : code;
    }

    /// <summary>Every country ICU knows, by code, named and sorted in the chosen language.</summary>
    public static IReadOnlyList<(string Code, string Name)> Countries()
    {
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        return [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(culture => culture.Name.Split('-')[^1])
            .Where(code => code.Length == 2 && code.All(char.IsAsciiLetterUpper))
            .Distinct()
            .Select(code => (code, Country(code)))
            .OrderBy(country => country.Item2, Comparer<string>.Create((a, b) => compare.Compare(a, b, CompareOptions.IgnoreCase)))];
    }
}
