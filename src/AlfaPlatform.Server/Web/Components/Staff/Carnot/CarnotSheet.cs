using System.Globalization;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Web.Components.Widgets;
using AlfaPlatform.Server.Web.Localization;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace AlfaPlatform.Server.Web.Components.Staff.Carnot;

/// <summary>How a line's figures read: euros, a count, a share (0.9 = 90 %) or a score out of 5.</summary>
public enum CarnotMeasure
{
    Euros,
    Count,
    Share,
    Score,
}

/// <summary>One line of the report: the year, the year before and the target (none for a breakdown).</summary>
public sealed record CarnotLine(string Key, string Label, CarnotMeasure Measure, decimal? Year, decimal? PreviousYear, decimal? Target, bool Detail = false);

/// <summary>
/// The Carnot report as lines, shared by the page and its two exports so that the three always say the same: XLSX
/// (numbers as numbers, labels in the page's language) and CSV (UTF-8 with a byte order mark, invariant numbers).
/// </summary>
public static class CarnotSheet
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<CarnotLine> Lines(CarnotReport.Figures f, Text<CarnotReportPage> t) =>
    [
        new("value_euros", t["Partnership value with companies"], CarnotMeasure.Euros, f.Year.ValueEuros, f.PreviousYear.ValueEuros, f.Targets.ValueEuros),
        .. Enum.GetValues<CompanySize>().Select(size => new CarnotLine(
            $"value_euros_{size.ToString().ToLowerInvariant()}", t["of which {0}", t.Label(size)], CarnotMeasure.Euros,
            f.Year.ValueByCompanySize.GetValueOrDefault(size.ToString()), f.PreviousYear.ValueByCompanySize.GetValueOrDefault(size.ToString()), null, Detail: true)),
        new("value_euros_unknown_size", t["of which size not recorded"], CarnotMeasure.Euros,
            f.Year.ValueByCompanySize.GetValueOrDefault("Unknown"), f.PreviousYear.ValueByCompanySize.GetValueOrDefault("Unknown"), null, Detail: true),
        new("agreements", t["Agreements signed"], CarnotMeasure.Count, f.Year.Agreements, f.PreviousYear.Agreements, f.Targets.Agreements),
        new("requests_received", t["Requests received"], CarnotMeasure.Count, f.Year.RequestsReceived, f.PreviousYear.RequestsReceived, null),
        new("requests_answered_within_time", t["Requests answered within their time limit"], CarnotMeasure.Count,
            f.Year.RequestsAnsweredWithinTimeLimit, f.PreviousYear.RequestsAnsweredWithinTimeLimit, null),
        new("answered_within_time_share", t["Share answered within the time limit"], CarnotMeasure.Share,
            f.Year.AnsweredWithinTimeLimit, f.PreviousYear.AnsweredWithinTimeLimit, f.Targets.AnsweredWithinTimeLimit),
        new("satisfaction", t["Partner satisfaction (out of 5)"], CarnotMeasure.Score, f.Year.Satisfaction, f.PreviousYear.Satisfaction, f.Targets.Satisfaction),
        new("ratings", t["Satisfaction ratings"], CarnotMeasure.Count, f.Year.Ratings, f.PreviousYear.Ratings, null, Detail: true),
    ];

    /// <summary>A figure in the page's language; nothing measured reads as a dash.</summary>
    public static string Show(CarnotLine line, decimal? value) => value is not { } v ? "—" : line.Measure switch
    {
        CarnotMeasure.Euros => Localization.Show.Euros(v),
        CarnotMeasure.Share => v.ToString("P0", CultureInfo.CurrentCulture),
        CarnotMeasure.Score => v.ToString("0.00", CultureInfo.CurrentCulture),
        _ => Localization.Show.Number((long)v),
    };

    public static byte[] Xlsx(IReadOnlyList<CarnotLine> lines, int year, Text<CarnotReportPage> t)
    {
        var rows = lines.Select(line => new Dictionary<string, object?>
        {
            [t["Figure"]] = line.Label,
            [year.ToString(CultureInfo.InvariantCulture)] = line.Year,
            [(year - 1).ToString(CultureInfo.InvariantCulture)] = line.PreviousYear,
            [t["Target"]] = line.Target,
            ["key"] = line.Key,
        });
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, rows, sheetName: t["Carnot report {0}", year.ToString(CultureInfo.InvariantCulture)], excelType: MiniExcelLibs.ExcelType.XLSX);
        return file.ToArray();
    }

    public static string Csv(IReadOnlyList<CarnotLine> lines, int year) => Widgets.Csv.Write(lines,
    [
        new CsvColumn<CarnotLine>("figure", l => l.Key),
        new CsvColumn<CarnotLine>("label", l => l.Label),
        new CsvColumn<CarnotLine>(year.ToString(CultureInfo.InvariantCulture), l => l.Year),
        new CsvColumn<CarnotLine>((year - 1).ToString(CultureInfo.InvariantCulture), l => l.PreviousYear),
        new CsvColumn<CarnotLine>("target", l => l.Target),
    ]);
}
