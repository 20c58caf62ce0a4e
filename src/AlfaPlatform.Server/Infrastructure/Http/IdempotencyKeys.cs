using System.Security.Cryptography;
using System.Text;
using AlfaPlatform.Server.Infrastructure.Postgres;
using Marten;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c> header is done once: a retry with the same key (same caller, same
/// route and route values, however the path is spelled) gets the first answer again and changes nothing. The first
/// attempt claims the key in PostgreSQL before it runs, so two retries racing on two gateways cannot both run; the
/// answer is stored once it is known.
/// </summary>
/// <remarks>
/// A claim is a lease (<see cref="IdempotencySettings.ClaimTimeout"/>): if the attempt that took it never stores its
/// answer (its process stopped, PostgreSQL went away), a retry after the lease takes the claim over and runs. An
/// answer is kept for <see cref="IdempotencySettings.Retention"/>; after that the key is forgotten, a retry with it
/// is a new request, and <see cref="IdempotencyCleanup"/> deletes it. Routes marked <see cref="ReplayByReading"/>
/// keep no body for a success: a replay reads the record again, as the caller may see it then.
/// </remarks>
public sealed class IdempotencyKeys(RequestDelegate next, IOptions<IdempotencySettings> settings, TimeProvider clock)
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
        var id = RecordId(context, key);
        if (await ClaimAsync(context, store, id, fingerprint) is not { } claim)
        {
            return; // answered from what the key holds
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
            // Nothing to replay: free the key (this attempt's claim only), so that a retry runs (the error answer is written upstream).
            await using var release = store.LightweightSession();
            var token = claim.Claim;
            release.DeleteWhere<IdempotentRequest>(r => r.Id == id && r.Claim == token && r.Status == null);
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
            // A success of a route that reads its record back on replay is kept without its body (it may hold confidential details).
            var readAgain = !secret && response.StatusCode is >= 200 and < 300 && context.GetEndpoint()?.Metadata.GetMetadata<ReplayByReading>() is not null;
            session.Store(claim with
            {
                At = clock.GetUtcNow(),
                Status = response.StatusCode,
                ContentType = response.ContentType,
                Body = secret || readAgain ? null : Encoding.UTF8.GetString(buffer.ToArray()),
                Location = response.Headers.Location.ToString(),
                ETag = response.Headers.ETag.ToString(),
                HeldASecret = secret,
                ReadAgain = readAgain,
            });
            await session.SaveChangesAsync(CancellationToken.None); // the write happened: its answer must be kept
        }

        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// An id for what a keyed write creates (a message), derived from the caller, the record written to and the key:
    /// a retry that runs again although the first attempt went through (its answer lost, its key released after a
    /// timeout, or forgotten) carries the same id, which the record's rules refuse as a duplicate. Null without a key.
    /// </summary>
    public static Guid? DerivedId(HttpRequest request, string purpose, string actorId, Guid recordId)
    {
        var key = request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"alfa-idempotency/{purpose}/{actorId}/{recordId:D}/{key}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: a custom, name-derived UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>
    /// The key's record: per caller, method, route and key. The route is the matched endpoint's pattern written out
    /// with its values (literals in lower case, ids in one spelling), so another case or a trailing slash is the same
    /// request; the path, lower case and without a trailing slash, when no endpoint matched.
    /// </summary>
    private static string RecordId(HttpContext context, string key)
    {
        var route = context.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern }
            ? string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => Canonical(context.Request.RouteValues[parameter.Name]),
                _ => "",
            }))))
            : context.Request.Path.Value?.TrimEnd('/').ToLowerInvariant();
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{context.User.FindFirst("sub")?.Value}|{context.Request.Method.ToUpperInvariant()}|{route}|{key}")));
    }

    private static string? Canonical(object? value) =>
        value is string text && Guid.TryParse(text, out var guid) ? guid.ToString("D") : value?.ToString();

    /// <summary>
    /// Claims the key for this attempt, taking over a claim whose lease ran out or an answer past its retention;
    /// or answers from what the key holds (null).
    /// </summary>
    private async Task<IdempotentRequest?> ClaimAsync(HttpContext context, IDocumentStore store, string id, string fingerprint)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            var (abandoned, forgotten) = (now - settings.Value.ClaimTimeout, now - settings.Value.Retention);
            var claim = new IdempotentRequest(id, fingerprint, now, null, null, null, null, null, HeldASecret: false, Claim: Guid.NewGuid());
            await using (var session = store.LightweightSession())
            {
                if (attempt > 0)
                {
                    // PostgreSQL checks the condition under the row's lock: of two retries taking over the same stale
                    // record, one deletes it and inserts its claim; the other deletes nothing and its insert fails.
                    session.DeleteWhere<IdempotentRequest>(r => r.Id == id && ((r.Status == null && r.At < abandoned) || r.At < forgotten));
                }

                session.Insert(claim);
                try
                {
                    await session.SaveChangesAsync(context.RequestAborted);
                    return claim;
                }
                catch (Exception e) when (DatabaseErrors.IsUniqueViolation(e))
                {
                    // the key is held: see by what
                }
            }

            await using var query = store.QuerySession();
            var held = await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted);
            if (held is null || (held.Status is null && held.At < abandoned) || held.At < forgotten)
            {
                continue; // released, abandoned or forgotten: claim it (again)
            }

            await ReplayAsync(context, held, fingerprint);
            return null;
        }

        await Problem(context, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed: retry shortly.");
        return null;
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest first, string fingerprint)
    {
        if (first.Fingerprint != fingerprint)
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

        object? current = null;
        if (first.ReadAgain)
        {
            current = context.GetEndpoint()?.Metadata.GetMetadata<ReplayByReading>() is { } reader
                ? await reader.ReadAsync(context, first.Location)
                : null;
            if (current is null)
            {
                await Problem(context, StatusCodes.Status404NotFound,
                    $"The request with this Idempotency-Key was done (status {status}); what it wrote is not visible to you any more.");
                return;
            }
        }

        context.Response.StatusCode = status;
        if (!string.IsNullOrEmpty(first.Location))
        {
            context.Response.Headers.Location = first.Location;
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (current is not null)
        {
            // The record as it is now, with its current ETag (set by the reader).
            var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await context.Response.WriteAsJsonAsync(current, current.GetType(), json, context.RequestAborted);
            return;
        }

        context.Response.ContentType = first.ContentType;
        if (!string.IsNullOrEmpty(first.ETag))
        {
            context.Response.Headers.ETag = first.ETag;
        }

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

/// <summary>
/// A claimed Idempotency-Key (<see cref="Status"/> null; <see cref="At"/> when claimed, <see cref="Claim"/> the
/// attempt's token) and, once known, the answer to replay (<see cref="At"/> when answered).
/// </summary>
public sealed record IdempotentRequest(
    string Id, string Fingerprint, DateTimeOffset At, int? Status, string? ContentType, string? Body, string? Location, string? ETag,
    bool HeldASecret, bool ReadAgain = false, Guid Claim = default);

/// <summary>
/// Endpoint metadata for routes whose answers may hold what must not be kept (a request's confidential details): a
/// success is stored as its status and Location only, and a replay answers the record read again, as the caller may
/// see it at replay time (the reader sets its ETag; null when the caller may not see it any more).
/// </summary>
public sealed class ReplayByReading(Func<HttpContext, string?, Task<object?>> read)
{
    public Task<object?> ReadAsync(HttpContext context, string? location) => read(context, location);
}

public sealed class IdempotencySettings
{
    /// <summary>How long a claim holds its key without an answer before a retry may take it over.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an answer is kept for replay; a retry after that is a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Deletes the keys past their retention, at start and every hour, on the nodes that take requests.</summary>
public sealed partial class IdempotencyCleanup(IDocumentStore store, IOptions<IdempotencySettings> settings, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var forgotten = clock.GetUtcNow() - settings.Value.Retention;
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotentRequest>(r => r.At < forgotten);
        await session.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired Idempotency-Keys failed; the next round tries again")]
    private partial void LogCleanupFailed(Exception exception);
}

public static class IdempotencySetup
{
    /// <summary>The settings (<c>Idempotency:ClaimTimeout</c>, <c>Idempotency:Retention</c>) and the cleanup, for the roles that take requests.</summary>
    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencySettings>(configuration.GetSection("Idempotency"));
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencyCleanup>());
        return services;
    }
}
