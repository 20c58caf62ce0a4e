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
        DeclareShared(document);
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
            Add(operation, document, StatusCodes.Status400BadRequest, BadRequest);
        }

        if (signedIn)
        {
            Add(operation, document, StatusCodes.Status401Unauthorized, Unauthorized);
            Add(operation, document, StatusCodes.Status403Forbidden, Forbidden);
        }

        if (names)
        {
            Add(operation, document, StatusCodes.Status404NotFound, NotFound);
        }

        if (write)
        {
            Add(operation, document, StatusCodes.Status409Conflict, Conflict);
            Add(operation, document, StatusCodes.Status422UnprocessableEntity, Unprocessable);
        }

        if (ifMatch)
        {
            Add(operation, document, StatusCodes.Status412PreconditionFailed, PreconditionFailed);
        }

        Add(operation, document, StatusCodes.Status429TooManyRequests, TooManyRequests);
        Add(operation, document, StatusCodes.Status503ServiceUnavailable, write ? WriteUnavailable : ReadUnavailable);

        // The answers this operation declares itself (its successes, a problem it names): shared answers carry
        // their headers already.
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
            response.Headers[CorrelationMiddleware.Header] = new OpenApiHeaderReference(CorrelationMiddleware.Header, document);
            if (status is "201" or "202")
            {
                response.Headers["Location"] = Header(status == "201" ? "Where the created record is read." : "Where the running work is followed.");
            }

            if (status is "202")
            {
                response.Headers[RetryAfter] = new OpenApiHeaderReference(RetryAfter, document);
            }

            if (status.StartsWith('2') && versioned)
            {
                response.Headers[ETag] = new OpenApiHeaderReference(ETag, document);
            }
        }

        operation.Parameters ??= [];
        // Parameters stay inline: a client reads an operation's parameters by name without resolving references.
        AddHeader(operation, CorrelationMiddleware.Header,
            "Your id for this request (1-100 of A-Z a-z 0-9 . _ : -), echoed in the answer and in the platform's logs; one is chosen when absent.");
        if (write && route.StartsWith("api/", StringComparison.Ordinal))
        {
            AddHeader(operation, IdempotencyKeys.Header,
                "Any unique string (at most 200 characters): a retry with the same key and body is applied once and answered as the first time (see ADR 0011).");
        }

        if (ifMatch)
        {
            AddHeader(operation, IfMatch,
                "The ETag you read (quotes included, such as \"7\"): the change is refused with 412 if the record changed since. Without it the change applies to the current version.");
        }

        return Task.CompletedTask;
    });

    /// <summary>
    /// The shared answers and headers, declared once under components and referenced by every operation
    /// (a document a tenth of the size, and one name per answer in a generated client).
    /// </summary>
    private static void DeclareShared(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        if (document.Components.Headers.ContainsKey(CorrelationMiddleware.Header))
        {
            return;
        }

        document.Components.Headers[CorrelationMiddleware.Header] = Header("The request's correlation id: the one sent, or one the platform chose. Quote it when reporting a problem.");
        document.Components.Headers[RetryAfter] = Header("Seconds to wait before trying again (or, for 202, before asking again).", JsonSchemaType.Integer);
        document.Components.Headers[ETag] = Header("The record's version, quoted (\"7\"): send it back in If-Match to change the record only if nobody changed it since.");

        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        foreach (var (name, description, validation, retry) in SharedAnswers)
        {
            var headers = new Dictionary<string, IOpenApiHeader> { [CorrelationMiddleware.Header] = new OpenApiHeaderReference(CorrelationMiddleware.Header, document) };
            if (retry)
            {
                headers[RetryAfter] = new OpenApiHeaderReference(RetryAfter, document);
            }

            document.Components.Responses[name] = new OpenApiResponse
            {
                Description = description,
                Headers = headers,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Problem] = new() { Schema = new OpenApiSchemaReference(validation ? nameof(HttpValidationProblemDetails) : nameof(ProblemDetails), document) },
                },
            };
        }
    }

    private const string BadRequest = "BadRequest", Unauthorized = "Unauthorized", Forbidden = "Forbidden", NotFound = "NotFound",
        Conflict = "Conflict", Unprocessable = "Unprocessable", PreconditionFailed = "PreconditionFailed",
        TooManyRequests = "TooManyRequests", ReadUnavailable = "ReadUnavailable", WriteUnavailable = "WriteUnavailable";

    private const string RetryAfter = "Retry-After", ETag = "ETag", IfMatch = "If-Match";

    private static readonly (string Name, string Description, bool Validation, bool RetryAfter)[] SharedAnswers =
    [
        (BadRequest, "The request is not valid: errors names each field and why.", true, false),
        (Unauthorized, "No valid bearer token: get one from /connect/token.", false, false),
        (Forbidden, "The caller's role or relation to the record does not allow this (or its password must be changed first: code password_change_required).", false, false),
        (NotFound, "The record named in the route does not exist, or is not visible to the caller.", false, false),
        (Conflict, "The record's state does not allow this change (code says why).", false, false),
        (Unprocessable, "The Idempotency-Key was used before for another request body (code idempotency_key_reused), or the request cannot be processed as sent.", false, false),
        (PreconditionFailed, "If-Match names a version that is no longer the record's (code stale_version): read it again.", false, false),
        (TooManyRequests, "Too many requests from this caller: wait the seconds Retry-After says.", false, true),
        (ReadUnavailable, "The store or the node holding the record is unavailable (code database_unavailable or node_unavailable): try again after Retry-After.", false, true),
        (WriteUnavailable, "The store or the node deciding the change became unavailable: it may or may not have been applied (code outcome_unknown); retry with the same Idempotency-Key.", false, true),
    ];

    private static bool ExpectsVersion(Type? type) =>
        (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type)?.GetProperty("ExpectedVersion") is { PropertyType: var expected } && expected == typeof(long?);

    private static bool CarriesVersion(Type? type) =>
        type?.GetProperty("Version") is { PropertyType: var version } && (version == typeof(long) || version == typeof(int));

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string sharedAnswer)
    {
        // An answer the endpoint declares itself (with its own schema or description) stays.
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponseReference(sharedAnswer, document));
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
