using AlfaPlatform.Server.Web.Components.Widgets;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The dashboards' CSV downloads: what a spreadsheet opens must not run as a formula.</summary>
public sealed class CsvExportTests
{
    private sealed record Row(string Name, decimal Figure);

    private static readonly CsvColumn<Row>[] Columns = [new("name", r => r.Name), new("figure", r => r.Figure)];

    [Fact]
    public void cells_a_spreadsheet_would_run_as_formulas_are_quoted_and_figures_stay_numbers()
    {
        var csv = Csv.Write([new Row("=HYPERLINK(\"http://evil.example\")", -3.5m), new Row("\t=1+1", 2m), new Row("\r=1+1", 0m), new Row("@SUM(A1)", 1m)], Columns);

        Assert.StartsWith("\uFEFFname,figure\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(
            ["\"'=HYPERLINK(\"\"http://evil.example\"\")\",-3.5", "'\t=1+1,2", "\"'\r=1+1\",0", "'@SUM(A1),1"],
            Rows(csv));
    }

    /// <summary>The data rows, each as written (a quoted line break kept inside its row).</summary>
    private static IEnumerable<string> Rows(string csv)
    {
        var body = csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..];
        var rows = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            quoted ^= body[i] == '"';
            if (!quoted && body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n')
            {
                rows.Add(body[start..i]);
                start = i + 2;
                i++;
            }
        }

        return rows;
    }
}
