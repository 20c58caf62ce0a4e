using AlfaPlatform.Server.Infrastructure.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AlfaPlatform.Server.Web;

/// <summary>
/// The one "as of" day of the web app: the <c>?asOf=YYYY-MM-DD</c> of the page's address, read as the API reads it
/// (<see cref="Day"/>: a malformed day or one outside <see cref="DateParameters.Range"/> is none, i.e. today).
/// </summary>
public static class AsOfQuery
{
    public static DateOnly? FromUri(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue("asOf", out var values) ? Parse(values.ToString()) : null;

    public static DateOnly? Parse(string? value) => Day.TryParse(value, null, out var day) ? day.Value : null;

    /// <summary>
    /// The <c>?asOf=</c> a date picker's value asks for: a past day, or none (null) for today or later, which is "now":
    /// no banner, live figures.
    /// </summary>
    public static string? Chosen(string? value) =>
        Parse(value) is { } day && day < DateOnly.FromDateTime(DateTime.UtcNow) ? day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
}
