using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Messaging;
using AlfaPlatform.Server.Infrastructure.Security;
using Marten;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// A write sent with an <c>Idempotency-Key</c> header is done once: a retry with the same key (same caller, same
/// route and route values, however the path is spelled) gets the first answer again and changes nothing.
/// </summary>
/// <remarks>
/// Exactly once does not rest on this middleware but on the write itself: each command the request sends records
/// its key in the same transaction as its events (<see cref="IdempotentWrite"/>), and a retry that runs again finds
/// it and is answered as done without writing. So there is no claim to wait for or to take over: a retry either
/// finds the first answer (kept here once it is known) and replays it, or runs, and its commands find what the first
/// attempt committed, if anything. Ids of created records come from the key (<see cref="Caller.NewId"/>), so a
/// re-run creates nothing new. An answer is kept for <see cref="IdempotencySettings.Retention"/>; after that the key
/// is forgotten and <see cref="IdempotencyCleanup"/> deletes it. Routes marked <see cref="ReplayByReading"/> keep no
/// body for a success: a replay reads the record again, as the caller may see it then. See ADR 0011.
/// </remarks>
public sealed partial class IdempotencyKeys(RequestDelegate next, IOptions<IdempotencySettings> settings, TimeProvider clock, ILogger<IdempotencyKeys> logger)
{
    public const string Header = "Idempotency-Key";

    public async Task InvokeAsync(HttpContext context, IDocumentStore store, Caller caller)
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
        await using (var query = store.QuerySession())
        {
            // A record without a status is a claim left by an earlier version of the platform: no answer, so the request runs.
            if (await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted) is { Status: not null } first
                && first.At >= clock.GetUtcNow() - settings.Value.Retention)
            {
                await ReplayAsync(context, first, fingerprint);
                return;
            }
        }

        caller.Idempotency = (id, fingerprint);
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        await KeepAnswerAsync(context, store, id, fingerprint, buffer);
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Keeps the answer for replay. Answers that say nothing final are not kept: a server error or an outage (the
    /// retry runs again and meets what was committed), a key reused for another body (422: the key's own request
    /// may still be retried) and 202 Accepted (work still running: a retry joins it, or runs it again if it failed). Nor is failing to keep it an error: what the request wrote is committed with its key,
    /// so the caller hears the true answer now, and a retry runs again and is answered as done.
    /// </summary>
    private async Task KeepAnswerAsync(HttpContext context, IDocumentStore store, string id, string fingerprint, MemoryStream buffer)
    {
        var response = context.Response;
        if (response.StatusCode is >= 500 or StatusCodes.Status422UnprocessableEntity or StatusCodes.Status202Accepted)
        {
            return;
        }

        // An answer marked no-store carries a secret shown once (a one-time password, a client secret): never kept.
        var secret = response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);
        // A success of a route that reads its record back on replay is kept without its body (it may hold confidential details).
        var readAgain = !secret && response.StatusCode is >= 200 and < 300 && context.GetEndpoint()?.Metadata.GetMetadata<ReplayByReading>() is not null;
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new IdempotentRequest(
                id, fingerprint, clock.GetUtcNow(), response.StatusCode, response.ContentType,
                secret || readAgain ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length),
                response.Headers.Location.ToString(), response.Headers.ETag.ToString(), secret, readAgain));
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or Marten.Exceptions.MartenException)
        {
            LogAnswerNotKept(e, context.Request.Method, context.Request.Path);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to {Method} {Path} was sent but not kept for replay; a retry with its Idempotency-Key runs again and is answered as done")]
    private partial void LogAnswerNotKept(Exception exception, string method, string path);

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest first, string fingerprint)
    {
        if (first.Fingerprint != fingerprint)
        {
            var reused = Rejection.KeyReused();
            await Problem(context, StatusCodes.Status422UnprocessableEntity, reused.Message, reused.Code);
            return;
        }

        var status = first.Status!.Value;
        if (first.HeldASecret)
        {
            await Problem(context, StatusCodes.Status409Conflict, IdempotentWrites.SecretNotKept.Message, IdempotentWrites.SecretNotKept.Code);
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

    /// <remarks>
    /// The body is read whole: at most Limits:MaxRequestBodyBytes, or what a route allows itself (a document upload,
    /// about 20 MB, buffered to disk by <see cref="HttpRequestRewindExtensions.EnableBuffering(HttpRequest)"/> past 30 KB
    /// and held here once to hash it).
    /// </remarks>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        return MultipartBoundary(request.ContentType) is { } boundary ? FingerprintWithout(bytes.Span, boundary) : Fingerprint(bytes);
    }

    /// <summary>
    /// A multipart body's boundary, which a client draws anew for each request it builds: a retry of the same upload
    /// would otherwise never match its first attempt.
    /// </summary>
    private static byte[]? MultipartBoundary(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
        && Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Boundary).Value is { Length: > 0 } boundary
            ? Encoding.UTF8.GetBytes(boundary)
            : null;

    /// <summary>A multipart body's fingerprint: its bytes with every occurrence of its boundary left out.</summary>
    public static string FingerprintWithout(ReadOnlySpan<byte> body, ReadOnlySpan<byte> boundary)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int at;
        while ((at = body.IndexOf(boundary)) >= 0)
        {
            hash.AppendData(body[..at]);
            body = body[(at + boundary.Length)..];
        }

        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// A body's fingerprint: JSON by what it says (compact, each object's members in ordinal order), so the same JSON
    /// spaced otherwise, with a trailing newline or with its members in another order is the same request; any other
    /// body by its bytes.
    /// </summary>
    public static string Fingerprint(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            using var canonical = new MemoryStream();
            using (var writer = new Utf8JsonWriter(canonical))
            {
                WriteCanonical(writer, document.RootElement);
            }

            return Convert.ToHexString(SHA256.HashData(canonical.GetBuffer().AsSpan(0, (int)canonical.Length)));
        }
        catch (JsonException)
        {
            return Convert.ToHexString(SHA256.HashData(body.Span));
        }
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    WriteCanonical(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static async Task Problem(HttpContext context, int status, string detail, string? code = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Detail = detail } };
        if (code is not null)
        {
            problem.ProblemDetails.Extensions["code"] = code;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}

/// <summary>The answer to a request sent with an Idempotency-Key, kept to replay to its retries (<see cref="At"/>: when answered).</summary>
public sealed record IdempotentRequest(
    string Id, string Fingerprint, DateTimeOffset At, int? Status, string? ContentType, string? Body, string? Location, string? ETag,
    bool HeldASecret, bool ReadAgain = false);

/// <summary>
/// Endpoint metadata for routes whose answers may hold what must not be kept (a request's confidential details): a
/// success is stored as its status and Location only, and a replay answers the record read again, as the caller may
/// see it at replay time (the reader sets its ETag; null when the caller may not see it any more).
/// </summary>
public sealed class ReplayByReading(Func<HttpContext, string?, Task<object?>> read)
{
    public Task<object?> ReadAsync(HttpContext context, string? location) => read(context, location);
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
        session.DeleteWhere<IdempotentWrite>(w => w.At < forgotten);
        await session.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired Idempotency-Keys failed; the next round tries again")]
    private partial void LogCleanupFailed(Exception exception);
}

public static class IdempotencySetup
{
    /// <summary>The cleanup of kept answers and writes, for the roles that take requests.</summary>
    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services)
    {
        services.AddSingleton<IdempotencyCleanup>();
        services.AddHostedService(provider => provider.GetRequiredService<IdempotencyCleanup>());
        return services;
    }
}
