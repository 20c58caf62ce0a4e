using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Marten;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c> header is done once: a retry with the same key (same caller, same
/// route) gets the first answer again and changes nothing. The first attempt claims the key in PostgreSQL before it
/// runs, so two retries racing on two gateways cannot both run; the answer is stored once it is known.
/// </summary>
public sealed class IdempotencyKeys(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context, IDocumentStore store)
    {
        var key = context.Request.Headers[Header].ToString();
        // Only the API's writes: never the token endpoint, whose answers (tokens) must not be stored.
        if (key.Length == 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (key.Length > 200)
        {
            await Problem(context, StatusCodes.Status400BadRequest, "An Idempotency-Key holds at most 200 characters.");
            return;
        }

        context.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(context.Request);
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{context.User.FindFirst("sub")?.Value}|{context.Request.Method}|{context.Request.Path}|{key}")));

        await using (var session = store.LightweightSession())
        {
            session.Insert(new IdempotentRequest(id, fingerprint, DateTimeOffset.UtcNow, null, null, null, null, null, HeldASecret: false));
            try
            {
                await session.SaveChangesAsync(context.RequestAborted);
            }
            catch (Exception e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                await ReplayAsync(context, store, id, fingerprint);
                return;
            }
        }

        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // Nothing to replay: free the key, so that a retry runs (the error answer is written upstream).
            await using var release = store.LightweightSession();
            release.Delete<IdempotentRequest>(id);
            await release.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = body;
        }

        buffer.Position = 0;
        await using (var session = store.LightweightSession())
        {
            var response = context.Response;
            // An answer marked no-store carries a secret shown once (a one-time password, a client secret): never kept.
            var secret = response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);
            session.Store(new IdempotentRequest(
                id, fingerprint, DateTimeOffset.UtcNow, response.StatusCode, response.ContentType,
                secret ? null : Encoding.UTF8.GetString(buffer.ToArray()),
                response.Headers.Location.ToString(), response.Headers.ETag.ToString(), secret));
            await session.SaveChangesAsync(CancellationToken.None); // the write happened: its answer must be kept
        }

        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, IDocumentStore store, string id, string fingerprint)
    {
        await using var query = store.QuerySession();
        var first = await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted);
        if (first is null || first.Fingerprint != fingerprint)
        {
            await Problem(context, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for a different request.");
            return;
        }

        if (first.Status is not { } status)
        {
            await Problem(context, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed: retry shortly.");
            return;
        }

        if (first.HeldASecret)
        {
            await Problem(context, StatusCodes.Status409Conflict,
                $"The request with this Idempotency-Key was done (status {status}); its answer held a secret shown once, which is not kept.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = first.ContentType;
        if (!string.IsNullOrEmpty(first.Location))
        {
            context.Response.Headers.Location = first.Location;
        }

        if (!string.IsNullOrEmpty(first.ETag))
        {
            context.Response.Headers.ETag = first.ETag;
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(first.Body ?? "", context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static async Task Problem(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}

/// <summary>A claimed Idempotency-Key and, once known, the answer to replay.</summary>
public sealed record IdempotentRequest(
    string Id, string Fingerprint, DateTimeOffset At, int? Status, string? ContentType, string? Body, string? Location, string? ETag,
    bool HeldASecret);
