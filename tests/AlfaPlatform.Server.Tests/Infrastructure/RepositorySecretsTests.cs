using System.Diagnostics;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>No signing key, password or client secret may ever be committed.</summary>
public sealed class RepositorySecretsTests
{
    private static readonly string[] ForbiddenFileNames = ["authority-keys.json", "first-staff-password.txt", AlfaPlatform.Server.Infrastructure.Postgres.PostgresProvisioning.PasswordFileName];
    // Assembled at run time, so this file does not hold what it looks for.
    private static readonly System.Text.RegularExpressions.Regex PrivateKey = new("-----BEGIN [A-Z ]*PRIVATE" + " KEY-----");

    /// <summary>Secrets given values; the tests' own throwaway test passwords are allowed under tests/.</summary>
    private static readonly System.Text.RegularExpressions.Regex[] SecretValues =
    [
        new("\"(client_?secret|clientSecret|FirstStaffPassword|oneTimePassword|access_token)\"\\s*:\\s*\"[^\"<]{6,}\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
        new("FirstStaff" + "Password\\s*[:=]\\s*[^\\s$<{]{6,}", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
    ];

    [Fact]
    public void the_repository_holds_no_key_password_or_client_secret()
    {
        var root = Repository.Root;
        var tracked = Git(root, "ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(tracked);
        var findings = tracked
            .Where(path => ForbiddenFileNames.Contains(Path.GetFileName(path))
                || (File.Exists(Path.Combine(root, path)) && new FileInfo(Path.Combine(root, path)).Length < 1_000_000
                    && Leaks(path, File.ReadAllText(Path.Combine(root, path)))))
            .ToList();
        Assert.True(findings.Count == 0, "Secrets committed in: " + string.Join(", ", findings));
        Assert.Contains(".local/", File.ReadAllText(Path.Combine(root, ".gitignore")), StringComparison.Ordinal);
    }

    private static bool Leaks(string path, string content) =>
        PrivateKey.IsMatch(content)
        || (!path.StartsWith("tests/", StringComparison.Ordinal) && SecretValues.Any(pattern => pattern.IsMatch(content)));


    private static string Git(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return output;
    }
}
