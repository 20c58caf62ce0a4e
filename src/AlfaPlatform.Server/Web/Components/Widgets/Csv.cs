using System.Globalization;
using System.Text;

namespace AlfaPlatform.Server.Web.Components.Widgets;

/// <summary>One column of a CSV export: its header and how a row gives its value.</summary>
public sealed record CsvColumn<T>(string Header, Func<T, object?> Value);

/// <summary>RFC 4180 CSV (UTF-8, CRLF, quoted where needed), invariant culture, as a data URL the browser downloads.</summary>
public static class Csv
{
    public static string Write<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(c => Field(c.Header))).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', columns.Select(c => Field(Format(c.Value(row))))).Append("\r\n");
        }

        return text.ToString();
    }

    public static string DataUrl(string csv) => "data:text/csv;charset=utf-8;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(csv));

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Field(string value)
    {
        // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it with a quote (CSV injection).
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
