using System.Diagnostics;
using System.Globalization;
using AlfaPlatform.Server.Collaborations;
using AlfaPlatform.Server.Infrastructure.Postgres;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Collaborations;

/// <summary>
/// An S3-compatible server on a loopback port, for the S3 document store's tests: s3rver (tests/s3-fake, pinned by
/// its package-lock.json), which serves the S3 REST API over a throwaway folder, with one bucket made at start.
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    public const string Bucket = "alfa-documents";

    private readonly Process _process;
    private readonly string _folder;

    private LocalS3Server(Process process, string folder, int port) => (_process, _folder, Port) = (process, folder, port);

    public int Port { get; }

    /// <summary>The platform's settings that put documents in this server's bucket.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Documents:Storage"] = DocumentOptions.S3Storage,
        ["Documents:S3:ServiceUrl"] = $"http://127.0.0.1:{Port}",
        ["Documents:S3:Bucket"] = Bucket,
        ["Documents:S3:AccessKey"] = "S3RVER", // s3rver's own credentials: it checks each request's signature with them
        ["Documents:S3:SecretKey"] = "S3RVER",
    };

    public S3DocumentOptions Options => new()
    {
        ServiceUrl = $"http://127.0.0.1:{Port}", Bucket = Bucket, AccessKey = "S3RVER", SecretKey = "S3RVER",
    };

    public static async Task<LocalS3Server> StartAsync()
    {
        var folder = await NodePackages.InstalledAsync("s3-fake", Path.Combine("s3rver", "package.json"));
        var objects = ThrowawayClusters.NewFolder();
        var port = LocalPostgresCluster.FreePort();
        var process = NodePackages.Start(folder, "node", ["serve.js", port.ToString(CultureInfo.InvariantCulture), objects, Bucket]);
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"s3rver did not start: {ready}\n{await process.StandardError.ReadToEndAsync()}");
        }

        return new LocalS3Server(process, objects, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
