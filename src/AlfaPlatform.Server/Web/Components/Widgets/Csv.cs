using System.Globalization;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Http;

namespace AlfaPlatform.Server.Web.Components.Widgets;

/// <summary>One column of a CSV export: its header and how a row gives its value.</summary>
public sealed record CsvColumn<T>(string Header, Func<T, object?> Value);

/// <summary>
/// A dashboard's CSV download, written as every CSV of the platform is (<see cref="CsvText"/>: UTF-8 with a byte
/// order mark, formulas neutralised), invariant culture, as a data URL the browser downloads.
/// </summary>
public static class Csv
{
    public static string Write<T>(IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns)
    {
        var text = new StringBuilder().Append(CsvText.ByteOrderMark).AppendRow(columns.Select(c => c.Header));
        foreach (var row in rows)
        {
            text.AppendRow(columns.Select(c => Format(c.Value(row))));
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
}
