using System.Globalization;
using AlfaPlatform.Server.Web.Localization;

namespace AlfaPlatform.Server.Web.Components.Widgets;

/// <summary>
/// A meeting's or a session's local times as its attendees read them, in the meeting's own time zone (not the
/// network's): "13 Nov 2025, 09:00–18:00", or both days when it spans several.
/// </summary>
public static class MeetingTimes
{
    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.CurrentCulture);

    public static string Span(DateTime start, DateTime end) =>
        start.Date == end.Date
            ? $"{Show.Day(DateOnly.FromDateTime(start))}, {Time(start)}–{Time(end)}"
            : $"{Show.Day(DateOnly.FromDateTime(start))}, {Time(start)} – {Show.Day(DateOnly.FromDateTime(end))}, {Time(end)}";

    /// <summary>A local time as the browser's <c>datetime-local</c> input takes it (no zone: the meeting's is meant).</summary>
    public static string Input(DateTime local) => local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>What a <c>datetime-local</c> input gives back (with or without seconds), or null when it is not a time.</summary>
    public static DateTime? FromInput(string? text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? local : null;
}
