using System.Globalization;
using System.IO.Compression;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// What a request's document may be: PDF, DOCX or XLSX up to <see cref="MaxBytes"/>, its type found in its content
/// (never in the file name or the client's content type, both of which the sender chooses), and the name it keeps.
/// </summary>
public static class DocumentFiles
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The upload's body: the file and what multipart/form-data wraps around it.</summary>
    public const long MaxUploadBytes = MaxBytes + (64 * 1024);

    public const int MaxNameLength = 200;

    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] MediaTypes = [Pdf, Docx, Xlsx];

    /// <summary>
    /// The type the content is, or null when it is none we take. A PDF starts with <c>%PDF-</c>; DOCX and XLSX are
    /// ZIP archives holding <c>[Content_Types].xml</c> and their main part. Only the archive's directory is read,
    /// nothing is unpacked, so a compressed bomb costs nothing here.
    /// </summary>
    public static string? MediaTypeOf(ReadOnlyMemory<byte> content)
    {
        var bytes = content.Span;
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (!bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return null;
        }

        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return !names.Contains("[Content_Types].xml") ? null
                : names.Contains("word/document.xml") ? Docx
                : names.Contains("xl/workbook.xml") ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null; // starts like a ZIP archive but is not one
        }
    }

    /// <summary>
    /// The name a document keeps: the client's, without any path, control characters or line separators, at most
    /// <see cref="MaxNameLength"/> characters; "document" when nothing is left.
    /// </summary>
    public static string SafeName(string? name)
    {
        var last = (name ?? "").Split('/', '\\')[^1];
        var kept = new string([.. last.Where(c => !char.IsControl(c)
            && char.GetUnicodeCategory(c) is not (UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))]).Trim();
        if (kept.Length > MaxNameLength)
        {
            kept = kept[..(char.IsHighSurrogate(kept[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength)].TrimEnd();
        }

        return kept is "" or "." or ".." ? "document" : kept;
    }
}
