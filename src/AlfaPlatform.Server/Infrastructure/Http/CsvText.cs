using System.Text;
using System.Text.RegularExpressions;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.Net.Http.Headers;

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
    /// nothing in them (spreadsheets save formatted empty rows as bare separators). Quoting is read as RFC 4180 writes
    /// it, never guessed at: a quote inside an unquoted field, anything but a separator or a line break after a closing
    /// quote, or a quote left open at the end is refused with its line.
    /// </summary>
    /// <exception cref="RequestValidationException">The quoting is malformed (the error is keyed "line N").</exception>
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
        var quotedFrom = 0; // the line a quoted field began on; 0 outside quotes
        var closed = false; // just past a field's closing quote: only a separator or a line break may follow
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quotedFrom > 0)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    (quotedFrom, closed) = (0, true);
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == separator)
            {
                fields.Add(Uncell(field.ToString()));
                field.Clear();
                closed = false;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(Uncell(field.ToString()));
                field.Clear();
                closed = false;
                if (fields.Any(f => !string.IsNullOrWhiteSpace(f)))
                {
                    yield return new CsvRow(rowLine, fields);
                }

                fields = [];
                line++;
                rowLine = line;
            }
            else if (closed)
            {
                throw Malformed(line, $"After the closing quote of a field comes '{c}': a quoted field ends with its quote, then '{separator}' or the end of the line. A quote inside a quoted field is written twice (\"\").");
            }
            else if (c == '"' && field.Length == 0)
            {
                quotedFrom = line;
            }
            else if (c == '"')
            {
                throw Malformed(line, "A quote in the middle of a field: a field holding quotes is itself enclosed in quotes, each quote inside written twice (\"\").");
            }
            else
            {
                field.Append(c);
            }
        }

        if (quotedFrom > 0)
        {
            throw Malformed(quotedFrom, "The quoted field that begins on this line is never closed: a quote inside a quoted field is written twice (\"\").");
        }

        fields.Add(Uncell(field.ToString()));
        if (fields.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            yield return new CsvRow(rowLine, fields);
        }
    }

    private static RequestValidationException Malformed(int line, string error) => RequestValidationException.For($"line {line}", error);

    /// <summary>
    /// The text of an uploaded file, in the charset its Content-Type declares, or UTF-8 (a byte order mark is skipped)
    /// when it declares none. Bytes that are not text in that charset are refused with their line and column, never
    /// guessed at: a spreadsheet's plain "CSV" is Windows-1252, which is read right only when declared as such.
    /// </summary>
    /// <exception cref="RequestValidationException">The charset is unknown, or the bytes are not text in it.</exception>
    public static async Task<string> ReadUploadAsync(Stream body, string? contentType, CancellationToken cancellationToken)
    {
        var declared = MediaTypeHeaderValue.TryParse(contentType, out var mediaType) && mediaType.Charset.HasValue
            ? HeaderUtilities.RemoveQuotes(mediaType.Charset).Value
            : null;
        var encoding = declared is null ? StrictUtf8 : StrictEncoding(declared)
            ?? throw RequestValidationException.For("Content-Type", $"'{declared}' is not a charset known here: send UTF-8, or declare one such as windows-1252.");

        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        try
        {
            return encoding.GetString(bytes).TrimStart(ByteOrderMark);
        }
        catch (DecoderFallbackException)
        {
            var (line, column) = PositionAfter(TextBeforeError(bytes, encoding).TrimStart(ByteOrderMark));
            throw RequestValidationException.For($"line {line}", encoding.CodePage == Encoding.UTF8.CodePage
                ? $"Column {column} is not UTF-8 text. Save the file as \"CSV UTF-8\" (a spreadsheet's plain \"CSV\" is Windows-1252), or declare its charset: Content-Type: text/csv; charset=windows-1252."
                : $"Column {column} is not {declared} text.");
        }
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The named encoding, refusing bytes it has no character for; null when the name is unknown.</summary>
    private static Encoding? StrictEncoding(string name)
    {
        try
        {
            // Windows code pages come from their provider; UTF-8, UTF-16, ASCII and Latin-1 are built in.
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The text before the first bytes that do not decode: the longest start of the file that does (found by halving).</summary>
    private static string TextBeforeError(byte[] bytes, Encoding encoding)
    {
        var (good, bad) = (0, bytes.Length);
        while (bad - good > 1)
        {
            var middle = good + ((bad - good) / 2);
            (good, bad) = Decode(bytes, middle, encoding) is null ? (good, middle) : (middle, bad);
        }

        return Decode(bytes, good, encoding)!;
    }

    /// <summary>The first <paramref name="count"/> bytes as text, a character they cut off left out; null if they are not text.</summary>
    private static string? Decode(byte[] bytes, int count, Encoding encoding)
    {
        try
        {
            var decoder = encoding.GetDecoder();
            var chars = new char[decoder.GetCharCount(bytes, 0, count, flush: false)];
            return new string(chars, 0, decoder.GetChars(bytes, 0, count, chars, 0, flush: false));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The line (line breaks counted as <see cref="Rows"/> counts them) and column of the character after <paramref name="text"/>.</summary>
    private static (int Line, int Column) PositionAfter(string text)
    {
        var (line, start) = (1, 0);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' || (text[i] is '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                (line, start) = (line + 1, i + 1);
            }
        }

        return (line, text.Length - start + 1);
    }
}

/// <summary>A file read: the separator found in its header line, and its rows.</summary>
public sealed record CsvTable(char Separator, IReadOnlyList<CsvRow> Rows);

/// <summary>A row and the line it starts on (the header is line 1).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);
