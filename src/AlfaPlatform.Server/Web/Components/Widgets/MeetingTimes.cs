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
}
