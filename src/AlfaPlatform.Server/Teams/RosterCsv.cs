using System.Globalization;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Http;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// The roster file (see <see cref="CsvText"/>): a header row, one membership a row. Export writes
/// <c>email,given_name,family_name,role,role_label,joined_on,left_on</c>; import reads the same columns, with
/// <c>left_on</c> optional, so an exported file imports back unchanged.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] ImportColumns = ["email", "given_name", "family_name", "role", "role_label", "joined_on"];
    public static readonly string[] ExportColumns = [.. ImportColumns, "left_on"];

    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder().Append(CsvText.ByteOrderMark);
        foreach (var row in rows.Prepend(ExportColumns))
        {
            csv.AppendRow(row);
        }

        return csv.ToString();
    }

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// A date as written in a roster: ISO (YYYY-MM-DD) always; in a ';'-separated file also day first (DD/MM/YYYY,
    /// DD.MM.YYYY), as spreadsheets of the locales that use ';' save the dates they recognised.
    /// </summary>
    public static bool TryParseDate(string text, char separator, out DateOnly date) =>
        DateOnly.TryParseExact(text, separator == ';' ? ["yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yyyy"] : ["yyyy-MM-dd"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
