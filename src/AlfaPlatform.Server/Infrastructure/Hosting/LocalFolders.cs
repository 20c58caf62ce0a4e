namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>Machine-local state of the one-machine default (database cluster, keys): .local/ of the checkout, ignored by git.</summary>
public static class LocalFolders
{
    /// <summary>.local/<paramref name="name"/> at the root of the checkout (found by AlfaPlatform.sln), else beside the binaries.</summary>
    public static string Under(string name)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlfaPlatform.sln")))
            {
                return Path.Combine(dir.FullName, ".local", name);
            }
        }

        return Path.Combine(AppContext.BaseDirectory, ".local", name);
    }

    /// <summary>Creates the file readable by this user only from its first byte (never briefly world-readable).</summary>
    public static async Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content.AsMemory(), cancellationToken);
    }
}
