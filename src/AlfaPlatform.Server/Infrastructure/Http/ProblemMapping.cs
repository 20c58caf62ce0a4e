using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// Turns what a request can get wrong into RFC 9457 problem details: malformed JSON, unknown enum values and
/// unparsable parameters become 400 naming the field; a refused command becomes 404, 409 or 412; a password offered
/// for a locked account, 429 with Retry-After.
/// </summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, errors) = exception switch
        {
            RequestValidationException invalid => (StatusCodes.Status400BadRequest, invalid.Errors),
            WeakETagException => (StatusCodes.Status412PreconditionFailed, null),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, JsonErrors(json)),
            BadHttpRequestException bad => (bad.StatusCode, ParameterErrors(bad)),
            TooManyAttemptsException => (StatusCodes.Status429TooManyRequests, null),
            _ when IsDatabaseUnavailable(exception) || IsNodeUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, null),
            _ => (0, null),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        Microsoft.AspNetCore.Mvc.ProblemDetails problem;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            var nodeLost = !IsDatabaseUnavailable(exception);
            logger.LogError(exception, "The {Unavailable} is unavailable for {Method} {Path}", nodeLost ? "silo" : "database", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "5";
            problem = OutageProblem(httpContext.Request, nodeLost);
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        if (exception is TooManyAttemptsException locked)
        {
            TooManyAttemptsException.WriteRetryAfter(httpContext.Response, locked.RetryAfter);
        }

        // What was refused, not why: the reasons are the client's to read, and may quote the values they refuse (a
        // roster's email, a name).
        logger.LogInformation("Refused {Method} {Path}: {Status} {Refused}", httpContext.Request.Method, httpContext.Request.Path, status,
            errors is null ? exception.GetType().Name : string.Join(", ", errors.Keys));
        problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = exception.Message }
            : new HttpValidationProblemDetails(errors) { Status = status, Detail = "The request is not valid: see errors." };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The truth about an outage: a read changed nothing, but a write may have committed just before the connection
    /// (to the database, or to the silo deciding it) dropped, so its outcome is unknown. A retry with the same
    /// Idempotency-Key applies it exactly once.
    /// </summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails OutageProblem(HttpRequest request, bool nodeLost)
    {
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var keyed = request.Headers.ContainsKey(IdempotencyKeys.Header);
        var unavailable = nodeLost ? "A node of the platform" : "The database";
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = read
                ? $"{unavailable} is unavailable. Try again shortly."
                : $"{unavailable} became unavailable while this change ran: it may or may not have been applied. "
                  + (keyed
                      ? "Retry with the same Idempotency-Key: it is applied exactly once."
                      : "Retry it with an Idempotency-Key to make the retry safe; without one, read the record first."),
        };
        problem.Extensions["code"] = read ? nodeLost ? "node_unavailable" : "database_unavailable" : "outcome_unknown";
        return problem;
    }

    /// <summary>PostgreSQL cannot be reached (down, restarting, out of connections): a 503 to retry, not a 500.</summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException
                || (e is Npgsql.NpgsqlException npgsql && (npgsql.IsTransient || npgsql is not Npgsql.PostgresException))
                || e is Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The silo holding the grain died or left while the call ran (its connection failed, or the cluster declared it
    /// dead): the grain comes back on another silo, so a retry is answered there.
    /// </summary>
    public static bool IsNodeUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Orleans.Runtime.OrleansMessageRejectionException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A handler's answer: its value through <paramref name="onSuccess"/>, or the problem it was refused with.</summary>
    public static IResult Respond<T>(Messaging.Outcome<T> outcome, Func<T, IResult> onSuccess) =>
        outcome.Rejection is { } rejection ? ToProblem(rejection) : onSuccess(outcome.Value!);

    public static ProblemHttpResult ToProblem(Rejection rejection) => TypedResults.Problem(
        statusCode: StatusOf(rejection),
        detail: rejection.Message,
        extensions: new Dictionary<string, object?> { ["code"] = rejection.Code });

    public static int StatusOf(Rejection rejection) => rejection.Kind switch
    {
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        RejectionKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionKind.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status409Conflict,
    };

    private static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        // A value of the wrong type or an unknown choice names its field ("$.kind" → "kind"); broken JSON names the body.
        var message = json.Message.Split(" Path:", 2)[0];
        if (UnknownOrRepeatedField().Match(message) is { Success: true } field)
        {
            return new()
            {
                [field.Groups["name"].Value] = [field.Groups["unknown"].Success
                    ? "This field is not known here: check its spelling."
                    : "This field is sent more than once."],
            };
        }

        if (MissingRequiredFields().Match(message) is { Success: true } missing)
        {
            // A required value that has no null to stand for "absent" (a choice, a date): named like a validator would.
            return missing.Groups["name"].Captures.ToDictionary(name => name.Value, _ => Required);
        }

        return json switch
        {
            { Path: null or "$" } => new() { ["body"] = ["The body is not valid JSON: " + message] },
            InvalidChoiceException => new() { [json.Path.TrimStart('$', '.')] = [message] },
            _ when message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) =>
                new() { [json.Path.TrimStart('$', '.')] = ["This value is not valid here: check its type."] },
            _ => new() { ["body"] = ["The body is not valid JSON: " + message] },
        };
    }

    private static Dictionary<string, string[]>? ParameterErrors(BadHttpRequestException bad)
    {
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] };
        }

        var match = ParameterName().Match(bad.Message);
        if (!match.Success)
        {
            return null;
        }

        var value = match.Groups["value"].Value;
        var why = DateParameters.Refusal(match.Groups["type"].Value, value) ?? $"'{value}' is not a valid value.";
        return new Dictionary<string, string[]> { [JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value)] = [why] };
    }

    /// <summary>System.Text.Json's words for a field no member takes, and for a field sent twice (both refused: see PlatformApp).</summary>
    [GeneratedRegex(@"^(?:The JSON property '(?<name>[^']+)' could not be mapped(?<unknown>)|Duplicate property '(?<name>[^']+)' encountered)")]
    private static partial Regex UnknownOrRepeatedField();

    private static readonly string[] Required = ["This field is required."];

    /// <summary>System.Text.Json's words for [JsonRequired] fields absent from the body: "… including: 'kind', 'on'."</summary>
    [GeneratedRegex(@"missing required properties including: (?:'(?<name>[^']+)'(?:, )?)+")]
    private static partial Regex MissingRequiredFields();

    /// <summary>ASP.NET Core's words for a route or query value that did not bind: 'parameter "Type name" from "value"'.</summary>
    [GeneratedRegex(@"parameter ""(?:(?<type>[^""]*) )?(?<name>\w+)"" from ""(?<value>[^""]*)""")]
    private static partial Regex ParameterName();
}
