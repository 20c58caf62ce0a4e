using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace AlfaPlatform.Benchmarks.Running;

/// <summary>Where the figures were taken: they mean little without it.</summary>
public sealed record Machine(string Cpu, string Memory, string OperatingSystem, string Dotnet, string Postgres, string Build)
{
    public static async Task<Machine> DescribeAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var version = database.CreateCommand("show server_version");
        var postgres = $"PostgreSQL {await version.ExecuteScalarAsync(cancellationToken)}";
        var model = ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ProcLine("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], CultureInfo.InvariantCulture, out var kilobytes)
            ? $"{kilobytes / 1024.0 / 1024.0:0.0} GiB"
            : "unknown";
        var os = ProcLine("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
#if DEBUG
        const string build = "Debug build (not comparable: run with -c Release)";
#else
        const string build = "Release build";
#endif
        return new Machine(
            $"{Environment.ProcessorCount} × {model}", memory, $"{os} ({RuntimeInformation.OSArchitecture}, kernel {Environment.OSVersion.Version})",
            RuntimeInformation.FrameworkDescription, postgres, build);
    }

    /// <summary>The value of the first "key: value" line of a /proc or /etc file, or null.</summary>
    private static string? ProcLine(string path, string key, char separator = ':')
    {
        try
        {
            return File.ReadLines(path)
                .Select(line => line.Split(separator, 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
