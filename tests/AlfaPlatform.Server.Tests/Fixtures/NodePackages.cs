using System.Collections.Concurrent;
using System.Diagnostics;

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// The Node.js tools some tests run (Redocly's CLI, an S3-compatible server), each pinned by the package-lock.json of
/// its folder under tests/ and installed there with npm ci the first time: nothing installed globally. They need
/// Node.js 20.19+ and npm.
/// </summary>
public static class NodePackages
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Installing = new();

    /// <summary>The folder tests/<paramref name="name"/> with its packages installed (<paramref name="installed"/> is a file npm ci leaves).</summary>
    public static async Task<string> InstalledAsync(string name, string installed)
    {
        var folder = Path.Combine(Repository.Root, "tests", name);
        var gate = Installing.GetOrAdd(folder, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", installed)))
            {
                var (exit, output, error) = await RunAsync(folder, "npm", ["ci", "--no-audit", "--no-fund"]);
                Assert.True(exit == 0, $"npm ci in tests/{name} failed ({exit}): {output}\n{error}");
            }

            return folder;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs <paramref name="program"/> to its end (at most five minutes).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string directory, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(directory, program, arguments, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts <paramref name="program"/> with its output redirected; the caller reads it and ends the process.</summary>
    public static Process Start(string directory, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not on PATH: these tests need Node.js 20.19+ and npm (see README).", e);
        }
    }
}
