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
}
