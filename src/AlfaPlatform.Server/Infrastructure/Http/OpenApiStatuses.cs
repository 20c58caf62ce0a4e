using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// The answers and headers every operation shares, derived from what the pipeline does to every request rather than
/// written per endpoint: the rate limiter (429), the store behind every route (503), authorization (401, 403),
/// Idempotency-Key on writes (422 for a key reused with another body), If-Match on changes to versioned records (412),
/// the correlation id on every request and answer.
/// </summary>
public static class OpenApiStatuses
{
    private const string Problem = "application/problem+json";

    public static void Apply(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var write = description.HttpMethod is { } method && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        // The fallback policy asks every endpoint for a signed-in caller unless it allows anonymous ones.
        var signedIn = !metadata.OfType<IAllowAnonymous>().Any();
        var route = description.RelativePath ?? "";
        var names = route.Contains('{', StringComparison.Ordinal);
        // A change honours If-Match when its command states the version it expects (ExpectedVersion, from
        // Versioning.ExpectedVersion), or when the endpoint says it can answer 412 (a command built in the handler).
        // A creation (no record named in the route) has no version to expect; an endpoint may say its change ignores it.
        var ifMatch = write && !metadata.OfType<Versioning.IgnoresIfMatch>().Any()
            && ((names && description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body && ExpectsVersion(p.Type)))
                || description.SupportedResponseTypes.Any(r => r.StatusCode == StatusCodes.Status412PreconditionFailed));
        // Such a change answers with the record's new version as ETag (ChangeResults), as does a read of a record
        // that carries its version (Versioning.SetETag).
        var versioned = ifMatch || description.SupportedResponseTypes.Any(r => r.StatusCode is >= 200 and < 300 && CarriesVersion(r.Type));

        operation.Responses ??= [];
        if (description.ParameterDescriptions.Count > 0)
        {
            Add(operation, document, StatusCodes.Status400BadRequest, "The request is not valid: errors names each field and why.", validation: true);
        }

        if (signedIn)
        {
            Add(operation, document, StatusCodes.Status401Unauthorized, "No valid bearer token: get one from /connect/token.");
            Add(operation, document, StatusCodes.Status403Forbidden, "The caller's role or relation to the record does not allow this (or its password must be changed first: code password_change_required).");
        }

        if (names)
        {
            Add(operation, document, StatusCodes.Status404NotFound, "The record named in the route does not exist, or is not visible to the caller.");
        }

        if (write)
        {
            Add(operation, document, StatusCodes.Status409Conflict, "The record's state does not allow this change (code says why).");
            Add(operation, document, StatusCodes.Status422UnprocessableEntity, "The Idempotency-Key was used before for another request body (code idempotency_key_reused), or the request cannot be processed as sent.");
        }

        if (ifMatch)
        {
            Add(operation, document, StatusCodes.Status412PreconditionFailed, "If-Match names a version that is no longer the record's (code stale_version): read it again.");
        }

        Add(operation, document, StatusCodes.Status429TooManyRequests, "Too many requests from this caller: wait the seconds Retry-After says.");
        Add(operation, document, StatusCodes.Status503ServiceUnavailable, write
            ? "The store is unavailable: a change may or may not have been applied (code outcome_unknown); retry with the same Idempotency-Key."
            : "The store is unavailable (code database_unavailable): try again after Retry-After.");

        foreach (var (status, answer) in operation.Responses)
        {
            if (answer is not OpenApiResponse response)
            {
                continue;
            }

            // A stream or file named only by its media type (server-sent events) is text a client reads as such.
            foreach (var media in (response.Content ?? new Dictionary<string, OpenApiMediaType>()).Values.Where(media => media.Schema is null))
            {
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[CorrelationMiddleware.Header] = Header("The request's correlation id: the one sent, or one the platform chose. Quote it when reporting a problem.");
            if (status is "201" or "202")
            {
                response.Headers["Location"] = Header(status == "201" ? "Where the created record is read." : "Where the running work is followed.");
            }

            if (status is "429" or "503" or "202")
            {
                response.Headers["Retry-After"] = Header("Seconds to wait before trying again (or, for 202, before asking again).", JsonSchemaType.Integer);
            }

            if (status.StartsWith('2') && versioned)
            {
                response.Headers["ETag"] = Header("The record's version, quoted (\"7\"): send it back in If-Match to change the record only if nobody changed it since.");
            }
        }

        operation.Parameters ??= [];
        AddHeader(operation, CorrelationMiddleware.Header, "Your id for this request (1-100 of A-Z a-z 0-9 . _ : -), echoed in the answer and in the platform's logs; one is chosen when absent.");
        if (write && route.StartsWith("api/", StringComparison.Ordinal))
        {
            AddHeader(operation, IdempotencyKeys.Header, "Any unique string (at most 200 characters): a retry with the same key and body is applied once and answered as the first time (see ADR 0011).");
        }

        if (ifMatch)
        {
            AddHeader(operation, "If-Match", "The ETag you read (quotes included, such as \"7\"): the change is refused with 412 if the record changed since. Without it the change applies to the current version.");
        }

        return Task.CompletedTask;
    });

    private static bool ExpectsVersion(Type? type) =>
        (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type)?.GetProperty("ExpectedVersion") is { PropertyType: var expected } && expected == typeof(long?);

    private static bool CarriesVersion(Type? type) =>
        type?.GetProperty("Version") is { PropertyType: var version } && (version == typeof(long) || version == typeof(int));

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description, bool validation = false)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var schema = validation ? nameof(HttpValidationProblemDetails) : nameof(ProblemDetails);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [Problem] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
        };
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        if (!operation.Parameters!.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Header, Required = false, Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
