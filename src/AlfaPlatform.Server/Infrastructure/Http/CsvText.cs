using System.Text;
using System.Text.RegularExpressions;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// The CSV files the platform writes and reads (RFC 4180, UTF-8 with a byte order mark so spreadsheets read the
/// accents right, CRLF). A cell a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage
/// return: OWASP's list) is written behind a single quote, which reading takes off again, so a file read back is
/// exactly what was written. Reading takes the separator from the header line: ',' or ';' (what spreadsheets in
/// French and other comma-decimal locales write).
/// </summary>
public static partial class CsvText
{
    public const char ByteOrderMark = '\uFEFF';

    /// <summary>One line: its cells, separated by commas, ending in CRLF.</summary>
    public static StringBuilder AppendRow(this StringBuilder csv, IEnumerable<string?> cells) =>
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");

    /// <summary>
    /// A cell as written: behind a quote if it could run as a formula (a plain number such as -3.5 stays a number),
    /// then in double quotes if it holds a separator, a double quote or a line break.
    /// </summary>
    public static string Cell(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (CouldRun(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', ';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>
    /// A cell as read back: the quote written before a would-be formula taken off. Values that begin with quotes and
    /// then a formula character are written with one quote more, so taking one off is lossless for every value.
    /// </summary>
    public static string Uncell(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && StartsLikeFormula(cell.AsSpan().TrimStart('\'')) ? cell[1..] : cell;

    private static bool CouldRun(string value) => StartsLikeFormula(value.AsSpan().TrimStart('\'')) && !IsPlainNumber(value);

    private static bool StartsLikeFormula(ReadOnlySpan<char> value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Digits with an optional sign, decimal point and exponent: what a spreadsheet reads as a number, never a formula.</summary>
    private static bool IsPlainNumber(string value) => PlainNumber().IsMatch(value);

    [GeneratedRegex(@"\A[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    /// <summary>
    /// The rows of a file with their line numbers (the header is line 1), cells as written (see <see cref="Uncell"/>);
    /// quoted cells may hold separators, quotes and line breaks. A byte order mark is skipped, and so are rows with
    /// nothing in them (spreadsheets save formatted empty rows as bare separators).
    /// </summary>
    public static CsvTable Read(string text)
    {
        text = text.TrimStart(ByteOrderMark);
        var separator = SeparatorOf(text);
        return new CsvTable(separator, [.. Rows(text, separator)]);
    }

    /// <summary>';' when the header line has more semicolons than commas outside quotes; ',' otherwise.</summary>
    private static char SeparatorOf(string text)
    {
        var (commas, semicolons, quoted) = (0, 0, false);
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    private static IEnumerable<CsvRow> Rows(string text, char separator)
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
            else if (c == separator)
            {
                fields.Add(Uncell(field.ToString()));
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(Uncell(field.ToString()));
                field.Clear();
                if (fields.Any(f => !string.IsNullOrWhiteSpace(f)))
                {
                    yield return new CsvRow(rowLine, fields);
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

        fields.Add(Uncell(field.ToString()));
        if (fields.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            yield return new CsvRow(rowLine, fields);
        }
    }

    /// <summary>
    /// The text of an uploaded file: UTF-8 (a byte order mark is skipped), or, when the bytes are not UTF-8,
    /// Windows-1252, which spreadsheets on Windows in Western European locales write by default.
    /// </summary>
    public static async Task<string> ReadUploadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart(ByteOrderMark);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }
}

/// <summary>A file read: the separator found in its header line, and its rows.</summary>
public sealed record CsvTable(char Separator, IReadOnlyList<CsvRow> Rows);

/// <summary>A row and the line it starts on (the header is line 1).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);
