using AlfaPlatform.Server.Web.Components.Dashboards;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>The dashboards' y axes fit their data: a round top a whole step above the largest value, in about five steps.</summary>
public sealed class ChartAxesTests
{
    [Theory]
    [InlineData(new double[] { 3 }, 1, 4)]                     // three requests read on an axis to 4, not to 100
    [InlineData(new double[] { 12, 2 }, 5, 15)]
    [InlineData(new double[] { 100 }, 20, 120)]
    [InlineData(new double[] { 7_200_000, 180_000 }, 2_000_000, 8_000_000)]
    [InlineData(new double[] { 0, 0 }, 1, 5)]                  // nothing yet: a small empty axis
    [InlineData(new double[] { }, 1, 5)]
    public void the_axis_ends_a_round_step_above_the_largest_value(double[] values, int step, double top)
    {
        Assert.Equal((step, top), ChartAxes.Fit(values));
    }

    [Fact]
    public void the_options_carry_the_fitted_axis_and_labels_lean_only_when_asked()
    {
        var bar = ChartAxes.Bar([40, 9], leanLabels: true);
        Assert.Equal((10, 50d), (bar.YAxisTicks, bar.YAxisSuggestedMax));
        Assert.Equal(30, bar.XAxisLabelRotation);
        Assert.Equal(0, ChartAxes.Bar([40]).XAxisLabelRotation);
        var line = ChartAxes.Line([40, 9]);
        Assert.Equal((10, 50d), (line.YAxisTicks, line.YAxisSuggestedMax));
    }
}
