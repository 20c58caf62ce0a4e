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
}
