using AlfaPlatform.Benchmarks.Running;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Benchmarks;

/// <summary>
/// The benchmark tool runs (tiny sizes, no warm-up, on this run's test server): every figure is taken and written into the
/// document between its markers. Nothing here is timed: the figures themselves are for docs/performance.md.
/// </summary>
public sealed class BenchmarkToolTests
{
    [Fact]
    public async Task the_tool_takes_every_figure_and_writes_them_between_the_markers_keeping_the_hand_written_text()
    {
        var document = Path.Combine(ThrowawayClusters.NewFolder(), "performance.md");
        const string intro = "# Performance\n\nHand-written: what each figure means.\n\n";
        const string outro = "\n\nHand-written: after the figures.\n";
        await File.WriteAllTextAsync(document, $"{intro}{PerformanceReport.BeginMarker}\nfigures of an earlier run\n{PerformanceReport.EndMarker}{outro}");
        var output = new StringWriter();

        var exitCode = await BenchmarkRun.RunAsync(
            ["--rows", "50", "--runs", "1", "--warm-up", "0", "--out", document, "--postgres", await TestPostgres.ServerConnectionStringAsync()], output);

        Assert.True(exitCode == 0, output.ToString());
        var written = await File.ReadAllTextAsync(document);
        Assert.StartsWith(intro + PerformanceReport.BeginMarker, written, StringComparison.Ordinal);
        Assert.EndsWith(PerformanceReport.EndMarker + outro, written, StringComparison.Ordinal);
        Assert.DoesNotContain("figures of an earlier run", written, StringComparison.Ordinal);
        Assert.Contains("--postgres <server>", written, StringComparison.Ordinal); // never the server's password
        Assert.NotEmpty(BenchmarkRun.Scenarios);
        foreach (var scenario in BenchmarkRun.Scenarios)
        {
            Assert.Contains($"| {scenario.Id} | {scenario.Title} |", output.ToString(), StringComparison.Ordinal);
            Assert.Contains($"| {scenario.Id} | {scenario.Title} |", written, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task an_unknown_figure_is_refused_before_anything_starts()
    {
        var output = new StringWriter();

        var exitCode = await BenchmarkRun.RunAsync(["--only", "import,P99"], output);

        Assert.Equal(2, exitCode);
        Assert.Contains("--only names no figure or group called P99;", output.ToString(), StringComparison.Ordinal);
    }
}
