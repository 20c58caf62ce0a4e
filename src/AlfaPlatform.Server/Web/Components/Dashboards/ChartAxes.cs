using System.Globalization;
using MudBlazor;

namespace AlfaPlatform.Server.Web.Components.Dashboards;

/// <summary>
/// Chart options whose y axis fits the data: from 0 to a round maximum just above the largest value, in about five
/// whole steps (1, 2, 5 × 10ⁿ), so three requests read on an axis to 4, not to 100. Long labels lean (a bar per meeting
/// or per state would overlap on a laptop's half-width chart).
/// </summary>
public static class ChartAxes
{
    private static readonly double[] RoundSteps = [1, 2, 5, 10];

    public static BarChartOptions Bar(IEnumerable<double> values, bool leanLabels = false)
    {
        var (step, max) = Fit(values);
        return new BarChartOptions
        {
            YAxisTicks = step, MaxNumYAxisTicks = 8, YAxisSuggestedMax = max, YAxisFormat = "N0", YAxisLines = true,
            XAxisLabelRotation = leanLabels ? 30 : 0, ShowLegend = true,
        };
    }

    public static LineChartOptions Line(IEnumerable<double> values)
    {
        var (step, max) = Fit(values);
        return new LineChartOptions
        {
            YAxisTicks = step, MaxNumYAxisTicks = 8, YAxisSuggestedMax = max, YAxisFormat = "N0", YAxisLines = true,
            YAxisRequireZeroPoint = true, ClampToZero = true, ShowLegend = true,
        };
    }

    /// <summary>The tick step and the top of the axis: a whole step above the largest value (5 when all are 0).</summary>
    public static (int Step, double Max) Fit(IEnumerable<double> values)
    {
        var top = values.DefaultIfEmpty(0).Max();
        if (top <= 0)
        {
            return (1, 5);
        }

        var rough = top / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var nice = RoundSteps.Select(m => m * magnitude).First(s => s >= rough);
        var step = Math.Max(1, (int)Math.Round(nice));
        return (step, (Math.Floor(top / step) + 1) * step);
    }

    /// <summary>A month "2026-02" as the chosen language abbreviates it ("Feb 2026", "févr. 2026"); other text as it is.</summary>
    public static string Month(string yearMonth) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("MMM yyyy", CultureInfo.CurrentCulture)
            : yearMonth;

    /// <summary>A label cut to fit under a bar.</summary>
    public static string Cut(string label, int length = 18) => label.Length <= length ? label : label[..(length - 1)] + "…";
}
