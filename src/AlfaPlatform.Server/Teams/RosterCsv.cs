using System.Globalization;
using System.Text;

namespace AlfaPlatform.Server.Teams;

/// <summary>
/// The roster file: RFC 4180 CSV, UTF-8, a header row, one member a row. Import reads
/// <c>email,given_name,family_name,role,role_label,joined_on</c>; export writes the same columns and <c>left_on</c>.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] ImportColumns = ["email", "given_name", "family_name", "role", "role_label", "joined_on"];
    public static readonly string[] ExportColumns = [.. ImportColumns, "left_on"];

    /// <summary>Rows with their line numbers (the header is line 1); quoted fields may hold commas, quotes and line breaks.</summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                if (fields.Count > 1 || fields[0].Length > 0)
                {
                    yield return (rowLine, fields);
                }

                fields = [];
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        if (fields.Count > 1 || fields[0].Length > 0)
        {
            yield return (rowLine, fields);
        }
    }

    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows.Prepend(ExportColumns))
        {
            csv.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
