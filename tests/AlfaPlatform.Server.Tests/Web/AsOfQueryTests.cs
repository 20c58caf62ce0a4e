using AlfaPlatform.Server.Web;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The web app reads its <c>?asOf=</c> as the API does: the same format and range, anything else is today.</summary>
public sealed class AsOfQueryTests
{
    [Theory]
    [InlineData("1900-01-01", "1900-01-01")]
    [InlineData("2025-06-30", "2025-06-30")]
    [InlineData("9998-12-31", "9998-12-31")]
    [InlineData("0001-01-01", null)]
    [InlineData("0001-06-30", null)]
    [InlineData("1899-12-31", null)]
    [InlineData("9999-01-01", null)]
    [InlineData("2025-13-45", null)]
    [InlineData("30/06/2025", null)]
    [InlineData("", null)]
    public void a_day_outside_the_accepted_range_or_malformed_is_none(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AsOfQuery.Parse(text));
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            AsOfQuery.FromUri($"http://localhost/membership?asOf={Uri.EscapeDataString(text)}"));
    }
}
