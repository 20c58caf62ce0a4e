namespace AlfaPlatform.Server.Web.Components.Staff;

/// <summary>The options of a native choice (<see cref="Widgets.ChoiceField"/>): an enum's values in the page's words.</summary>
public static class Choices
{
    public static IReadOnlyList<(string Value, string Text)> Of<TEnum>(Func<TEnum, string> label)
        where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(v => (v.ToString(), label(v)))];

    /// <summary>The value chosen, or null for "any" (the empty first option).</summary>
    public static TEnum? Parse<TEnum>(string? value)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, out var parsed) ? parsed : null;

    /// <summary>A date typed in a native date input (yyyy-MM-dd).</summary>
    public static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    public static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
