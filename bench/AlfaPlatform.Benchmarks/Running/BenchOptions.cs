using System.Globalization;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>The command line: what to run, how often, how big, against which server, and where to write the figures.</summary>
/// <param name="WarmUp">Rows of each figure's untimed warm-up runs (0: none); null for a tenth of the rows, 1 to 100.</param>
public sealed record BenchOptions(int Runs, int Rows, IReadOnlyList<string> Only, string? OutputPath, string? Postgres, int? WarmUp = null)
{
    /// <summary>How to run this build (the Release one is the one whose figures compare).</summary>
#if DEBUG
    public const string Command = "dotnet run --project bench/AlfaPlatform.Benchmarks --";
#else
    public const string Command = "dotnet run -c Release --project bench/AlfaPlatform.Benchmarks --";
#endif

    public const string Usage = """
        dotnet run -c Release --project bench/AlfaPlatform.Benchmarks -- [options]
          --runs N          runs per figure; each figure is their median (default 3)
          --rows N          rows per run: inserted by the anchors, imported by I1 (default 10000)
          --only LIST       figures or groups to run, comma-separated (A1,I1 / anchors,import); A1 always runs
          --warm-up N       rows of each figure's untimed warm-up runs, repeated until the JIT settles
                            (default a tenth of --rows, 1 to 100; 0: none)
          --out FILE        also write the figures into FILE between its markers (e.g. docs/performance.md)
          --postgres CONN   a PostgreSQL server where the benchmark may create its database
                            (else ALFA_BENCH_POSTGRES, else a throwaway cluster from this machine's binaries)
        """;

    /// <summary>The options, or null and why not.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Runs: 3, Rows: 10_000, Only: [], OutputPath: null, Postgres: Environment.GetEnvironmentVariable("ALFA_BENCH_POSTGRES") is { Length: > 0 } env ? env : null);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--runs" when Positive(value) is { } runs:
                    options = options with { Runs = runs };
                    break;
                case "--rows" when Positive(value) is { } rows:
                    options = options with { Rows = rows };
                    break;
                case "--runs" or "--rows":
                    return (null, $"{name} takes a whole number above 0, not '{value}'.");
                case "--warm-up" when Positive(value) is { } rows:
                    options = options with { WarmUp = rows };
                    break;
                case "--warm-up" when value == "0":
                    options = options with { WarmUp = 0 };
                    break;
                case "--warm-up":
                    return (null, $"--warm-up takes a whole number, 0 or above, not '{value}'.");
                case "--only":
                    options = options with { Only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--out":
                    options = options with { OutputPath = value };
                    break;
                case "--postgres":
                    options = options with { Postgres = value };
                    break;
                default:
                    return (null, $"Unknown option '{name}'.");
            }
        }

        return (options, null);
    }

    /// <summary>The arguments as a reader may repeat them, the server's connection string (and password) left out.</summary>
    public static string Redacted(IReadOnlyList<string> args) =>
        string.Join(' ', args.Select((arg, i) => i > 0 && args[i - 1] == "--postgres" ? "<server>" : Quoted(arg)));

    private static string Quoted(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or ':' or '=')
        ? arg
        : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static int? Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
