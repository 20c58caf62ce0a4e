using System.Diagnostics;
using System.Globalization;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>
/// The CPU time spent so far by the tool's process (the platform runs in it) and by this machine's PostgreSQL
/// processes, read from <c>/proc</c>. Between two readings it splits a figure's work between the platform and the
/// database, which wall time on shared cores does not: on this machine kind both wait for the same 2 cores.
/// </summary>
public readonly record struct CpuTime(TimeSpan Platform, TimeSpan Postgres)
{
    /// <summary>Linux's clock ticks per second in <c>/proc/[pid]/stat</c> (USER_HZ, 100 on every architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100;

    public static CpuTime operator -(CpuTime after, CpuTime before) => new(after.Platform - before.Platform, after.Postgres - before.Postgres);

    public static CpuTime Now()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuTime(self.TotalProcessorTime, OperatingSystem.IsLinux() ? PostgresTime() : TimeSpan.Zero);
    }

    /// <summary>
    /// Every local <c>postgres</c> process's own time, and the time of those the postmaster has reaped (its children's,
    /// counted in it): a backend that ends between two readings still counts once. Zero when the server runs elsewhere.
    /// </summary>
    private static TimeSpan PostgresTime()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // not a process, or one that ended while read
            }

            // pid (comm) state ppid … utime stime cutime cstime: fields 14 to 17, counted after the command's closing parenthesis.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || stat[(open + 1)..close] != "postgres")
            {
                continue;
            }

            var fields = stat[(close + 2)..].Split(' ');
            ticks += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
