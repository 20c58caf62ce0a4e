using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// Documents in an S3-compatible bucket (Amazon S3, MinIO, Ceph, a cloud's object storage), chosen by
/// <c>Documents:Storage = S3</c>: one object per document, named by its id under <see cref="S3DocumentOptions.Prefix"/>.
/// The events and the access log stay in PostgreSQL; erasure and the partner's isolation work as with the default
/// store, since every read goes through the request's rules before it reaches here.
/// </summary>
public sealed class S3DocumentContent(IAmazonS3 s3, S3DocumentOptions options) : IDocumentContent
{
    public async Task<bool> SaveAsync(Guid documentId, Guid requestId, Stream content, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(documentId, cancellationToken))
        {
            return false; // a retry of the same attachment: its content is there already
        }

        // The caller's content is already in memory (read within the size limit); another stream is read into memory
        // first, as a PUT needs its length.
        await using var buffer = content.CanSeek ? null : new MemoryStream();
        if (buffer is not null)
        {
            await content.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
        }

        var put = new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = Key(documentId),
            InputStream = buffer ?? content,
            AutoCloseStream = false,
            ContentType = "application/octet-stream",
            // Two retries racing past the check above: the second finds the first's object (where the store honours it).
            IfNoneMatch = "*",
            UseChunkEncoding = false,
        };
        put.Metadata.Add("request-id", requestId.ToString());
        try
        {
            await s3.PutObjectAsync(put, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception taken) when (taken.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<Stream?> OpenReadAsync(Guid documentId, CancellationToken cancellationToken)
    {
        try
        {
            using var found = await s3.GetObjectAsync(options.Bucket, Key(documentId), cancellationToken);
            var copy = new MemoryStream(found.ContentLength > 0 ? (int)found.ContentLength : 0);
            await found.ResponseStream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(Guid documentId, CancellationToken cancellationToken) =>
        s3.DeleteObjectAsync(options.Bucket, Key(documentId), cancellationToken);

    private async Task<bool> ExistsAsync(Guid documentId, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(options.Bucket, Key(documentId), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private string Key(Guid documentId) => $"{options.Prefix}{documentId:N}";

    /// <summary>The client for <paramref name="options"/>: path-style addressing and plain checksums for any S3-compatible store.</summary>
    public static IAmazonS3 Client(S3DocumentOptions options)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: stores other than Amazon's do not all read the newer trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        return options.AccessKey is { Length: > 0 } key
            ? new AmazonS3Client(new BasicAWSCredentials(key, options.SecretKey), config)
            : new AmazonS3Client(config); // the SDK's own chain: environment, profile, instance or pod role
    }
}

/// <summary>The <c>Documents:S3</c> settings, read when <c>Documents:Storage</c> is <c>S3</c>.</summary>
public sealed class S3DocumentOptions
{
    /// <summary>The bucket, which must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Where the objects' names start, so the bucket can hold other things.</summary>
    public string Prefix { get; set; } = "documents/";

    /// <summary>An S3-compatible store's address (MinIO, Ceph…); empty for Amazon S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>With <see cref="SecretKey"/>; empty to use the SDK's credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}
