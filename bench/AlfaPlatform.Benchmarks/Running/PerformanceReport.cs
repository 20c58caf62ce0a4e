using System.Globalization;
using System.Text;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>
/// The figures as a Markdown table, each with its ratio to the reference (A1), and the machine they were taken on;
/// written into a document between two markers so that the document's own, hand-written text stays as it is.
/// </summary>
public static class PerformanceReport
{
    public const string BeginMarker = "<!-- benchmark:begin (written by bench/AlfaPlatform.Benchmarks: edit outside these markers only) -->";
    public const string EndMarker = "<!-- benchmark:end -->";

    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static string Table(IReadOnlyList<Figure> figures, string referenceId)
    {
        var reference = figures.FirstOrDefault(f => f.Scenario.Id == referenceId)?.Median.PerSecond;
        var table = new StringBuilder()
            .AppendLine(Numbers, $"| Figure | What | Median time | Median rate | × {referenceId} | CPU per unit: platform · PostgreSQL | Each run |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var figure in figures)
        {
            var median = figure.Median;
            var ratio = reference is > 0 ? Ratio(median.PerSecond / reference.Value) : "n/a";
            var runs = string.Join(" · ", figure.Runs.Select(r => r.Latency is { } each ? $"{Rate(r.PerSecond)} (p99 {Milliseconds(each.P99)})" : Rate(r.PerSecond)));
            // A figure of answers reads by how long one answer takes: its percentiles stand where the others' time does.
            var time = figure.MedianLatency is { } latency ? Percentiles(latency) : Seconds(median.Elapsed);
            table.AppendLine(
                Numbers,
                $"| {figure.Scenario.Id} | {figure.Scenario.Title} | {time} | {Rate(median.PerSecond)} {median.Unit}/s | {ratio} | {CpuPerUnit(median)} | {runs} |");
        }

        return table.ToString();
    }

    /// <summary>The section between the markers: the table, then where and how it was measured.</summary>
    public static string Section(IReadOnlyList<Figure> figures, string referenceId, Machine machine, DateTimeOffset taken, string command, int runs, int rows) =>
        new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Taken {taken.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {rows.ToString("#,0", Numbers)} rows per run, {Runs(figures, runs)}:")
            .AppendLine()
            .Append(Table(figures, referenceId))
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- CPU: {machine.Cpu}")
            .AppendLine(CultureInfo.InvariantCulture, $"- RAM: {machine.Memory}")
            .AppendLine(CultureInfo.InvariantCulture, $"- OS: {machine.OperatingSystem}")
            .AppendLine(CultureInfo.InvariantCulture, $"- .NET: {machine.Dotnet}, {machine.Build}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Database: {machine.Postgres}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`")
            .ToString();

    /// <summary>
    /// Replaces what lies between the markers of <paramref name="path"/> with <paramref name="section"/>; a document
    /// without markers gets them, with the section, at its end; a missing one is created.
    /// </summary>
    public static async Task WriteAsync(string path, string section, CancellationToken cancellationToken)
    {
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : "# Performance\n";
        var block = $"{BeginMarker}\n{section.ReplaceLineEndings("\n").TrimEnd('\n')}\n{EndMarker}";
        var begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf(EndMarker, begin, StringComparison.Ordinal);
        if (begin >= 0 && end < 0)
        {
            throw new InvalidOperationException($"{path} has the benchmark's begin marker but not its end marker ({EndMarker}): put it back first.");
        }

        text = begin < 0
            ? $"{text.TrimEnd('\n')}\n\n{block}\n"
            : string.Concat(text.AsSpan(0, begin), block, text.AsSpan(end + EndMarker.Length));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text, cancellationToken);
    }

    /// <summary>How many runs each figure is the median of, and whether that is fewer than asked (a run stopped early).</summary>
    private static string Runs(IReadOnlyList<Figure> figures, int asked)
    {
        var done = figures.Count == 0 ? 0 : figures.Min(f => f.Runs.Count);
        var median = $"median of {done} run{(done == 1 ? "" : "s")}";
        return done < asked ? $"{median} (written after {done} of the {asked} runs asked; a later write replaces it)" : median;
    }

    /// <summary>Whole numbers, but a slow figure keeps a decimal: 5.4 and 8.1 rows/s are not both "5" and "8".</summary>
    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "#,0" : "0.0", Numbers);

    private static string Seconds(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 10 ? $"{elapsed.TotalSeconds.ToString("0.0", Numbers)} s" : $"{elapsed.TotalSeconds.ToString("0.000", Numbers)} s";

    public static string Percentiles(Latency latency) => $"p50 {Milliseconds(latency.P50)} · p99 {Milliseconds(latency.P99)}";

    /// <summary>
    /// The median run's CPU per item, in microseconds: the platform's process, then the local PostgreSQL's (none when
    /// the server is elsewhere, or for a figure timed in a process of its own).
    /// </summary>
    private static string CpuPerUnit(Measurement run) => run.Cpu is { } cpu && run.Items > 0
        ? $"{Microseconds(cpu.Platform / run.Items)} · {(cpu.Postgres > TimeSpan.Zero ? Microseconds(cpu.Postgres / run.Items) : "—")}"
        : "—";

    private static string Microseconds(TimeSpan each) =>
        $"{each.TotalMicroseconds.ToString(each.TotalMicroseconds >= 10 ? "#,0" : "0.0", Numbers)} µs";

    private static string Milliseconds(TimeSpan elapsed) => $"{elapsed.TotalMilliseconds.ToString("0.0", Numbers)} ms";

    private static string Ratio(double ratio) => ratio.ToString(ratio >= 0.1 ? "0.00" : "0.000", Numbers);
}
