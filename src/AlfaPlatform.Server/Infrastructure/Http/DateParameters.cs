using System.Globalization;
using System.Text.RegularExpressions;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// The one place where a date named in a route or query string is read: <see cref="Day"/> (<c>YYYY-MM-DD</c>),
/// <see cref="Instant"/> (ISO 8601) and <see cref="CalendarMonth"/> (<c>YYYY-MM</c>) bind only a well-formed value
/// inside <see cref="Earliest"/>..<see cref="Latest"/>; anything else is a 400 naming the parameter, the format and the
/// range (<see cref="ProblemMapping"/> asks <see cref="Refusal"/> why). Endpoints never bind <see cref="DateOnly"/>,
/// <see cref="DateTime"/> or <see cref="DateTimeOffset"/> themselves (DateParameterTests checks every route).
/// </summary>
public static partial class DateParameters
{
    /// <summary>
    /// The first day accepted. <see cref="DateOnly"/> starts at 0001-01-01, and the dashboards count months back from
    /// the day asked about (up to 120): from year one that walks off the calendar. 1900 leaves decades of room and
    /// predates anything the network records (it was labelled in 2020; its memberships and agreements are of recent decades).
    /// </summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>
    /// The last day accepted: a year short of <see cref="DateOnly.MaxValue"/>, so that what is computed forward from a
    /// day (its end, the month after a month filter's month, a year's figures) stays inside the calendar with room to spare.
    /// </summary>
    public static readonly DateOnly Latest = new(9998, 12, 31);

    public static string Range { get; } = string.Create(CultureInfo.InvariantCulture, $"{Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}");

    public static bool InRange(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>
    /// Why <paramref name="value"/> did not bind to a parameter whose type ASP.NET Core names <paramref name="typeName"/>
    /// in its binding error ("Day", "Nullable&lt;Day&gt;"); null when that is not one of the date types here.
    /// </summary>
    public static string? Refusal(string typeName, string value) => DisplayedType().Match(typeName).Groups["type"].Value switch
    {
        nameof(Day) => Day.Refusal(value),
        nameof(Instant) => Instant.Refusal(value),
        nameof(CalendarMonth) => CalendarMonth.Refusal(value),
        _ => null,
    };

    internal static string Refusal(string value, string format, Func<DateOnly?> parsedDay) => parsedDay() is { } day && !InRange(day)
        ? $"'{value}' is outside the dates the platform accepts: {Range}."
        : $"'{value}' is not {format} from {Range}.";

    [GeneratedRegex(@"^(?:Nullable<)?(?<type>\w+)>?\??$")]
    private static partial Regex DisplayedType();
}

/// <summary>A day named in a route or query string (<c>asOf</c>): <c>YYYY-MM-DD</c>, inside <see cref="DateParameters.Range"/>.</summary>
public readonly record struct Day(DateOnly Value)
{
    private const string Format = "yyyy-MM-dd";

    public static bool TryParse(string? value, IFormatProvider? provider, out Day result)
    {
        var parsed = Parse(value);
        result = new Day(parsed ?? default);
        return parsed is { } day && DateParameters.InRange(day);
    }

    public static string Refusal(string value) => DateParameters.Refusal(value, "a date written YYYY-MM-DD", () => Parse(value));

    private static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>Handlers and the web app compute with the date itself; they never see a day out of range from a request.</summary>
    public static implicit operator DateOnly(Day day) => day.Value;

    /// <summary>A caller inside the platform (a web page, a test) asks about any date: the arithmetic copes with all of them.</summary>
    public static implicit operator Day(DateOnly day) => new(day);

    public override string ToString() => Value.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>
/// A moment named in a query string (<c>from</c>, <c>to</c>): ISO 8601, a date (midnight UTC) or a date and time with
/// an optional offset (none: UTC), whose UTC day is inside <see cref="DateParameters.Range"/>.
/// </summary>
public readonly record struct Instant(DateTimeOffset Value)
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string? value, IFormatProvider? provider, out Instant result)
    {
        var parsed = Parse(value);
        result = new Instant(parsed ?? default);
        return parsed is { } at && DateParameters.InRange(DateOnly.FromDateTime(at.UtcDateTime));
    }

    public static string Refusal(string value) => DateParameters.Refusal(
        value, "an ISO 8601 date or date and time (2025-06-30, 2025-06-30T14:00:00Z)",
        () => Parse(value) is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null);

    private static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParseExact(value, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static implicit operator DateTimeOffset(Instant instant) => instant.Value;

    public static implicit operator Instant(DateTimeOffset at) => new(at);

    public override string ToString() => Value.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>A month named in a query string (<c>month</c>): <c>YYYY-MM</c>, its first day inside <see cref="DateParameters.Range"/>.</summary>
public readonly record struct CalendarMonth(DateOnly First)
{
    private const string Format = "yyyy-MM";

    /// <summary>The first day of the month after: inside the calendar for every month that binds.</summary>
    public DateOnly Next => First.AddMonths(1);

    public static bool TryParse(string? value, IFormatProvider? provider, out CalendarMonth result)
    {
        var parsed = Parse(value);
        result = new CalendarMonth(parsed ?? default);
        return parsed is { } first && DateParameters.InRange(first);
    }

    public static string Refusal(string value) => DateParameters.Refusal(value, "a month written YYYY-MM", () => Parse(value));

    private static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ? first : null;

    public override string ToString() => First.ToString(Format, CultureInfo.InvariantCulture);
}
