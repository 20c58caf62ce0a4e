using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace AlfaPlatform.Server.Web;

/// <summary>The one "as of" day of the web app: the <c>?asOf=YYYY-MM-DD</c> of the page's address (none: today).</summary>
public static class AsOfQuery
{
    public static DateOnly? FromUri(string uri) =>
        QueryHelpers.ParseQuery(new Uri(uri).Query).TryGetValue("asOf", out var values) ? Parse(values.ToString()) : null;

    public static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
