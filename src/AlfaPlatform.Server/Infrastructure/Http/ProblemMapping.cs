using System.Text.Json;
using System.Text.RegularExpressions;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// Turns what a request can get wrong into RFC 9457 problem details: malformed JSON, unknown enum values and
/// unparsable parameters become 400 naming the field; a refused command becomes 404, 409 or 412.
/// </summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, errors) = exception switch
        {
            RequestValidationException invalid => (StatusCodes.Status400BadRequest, invalid.Errors),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, JsonErrors(json)),
            BadHttpRequestException bad => (bad.StatusCode, ParameterErrors(bad)),
            _ => (0, null),
        };
        if (status == 0)
        {
            return false;
        }

        logger.LogInformation("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Detail = exception.Message }
            : new HttpValidationProblemDetails(errors) { Status = status, Detail = "The request is not valid: see errors." };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemHttpResult ToProblem(Rejection rejection) => TypedResults.Problem(
        statusCode: rejection.Kind switch
        {
            RejectionKind.NotFound => StatusCodes.Status404NotFound,
            RejectionKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            _ => StatusCodes.Status409Conflict,
        },
        detail: rejection.Message,
        extensions: new Dictionary<string, object?> { ["code"] = rejection.Code });

    private static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        // A value of the wrong type or an unknown choice names its field ("$.kind" → "kind"); broken JSON names the body.
        var field = json.Path is null or "$" ? "body" : json.Path.TrimStart('$', '.');
        var error = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "This value is not valid here: check its type, or the spelling of the choice."
            : "The body is not valid JSON: " + json.Message.Split(" Path:", 2)[0];
        return new Dictionary<string, string[]> { [error.StartsWith("The body", StringComparison.Ordinal) ? "body" : field] = [error] };
    }

    private static Dictionary<string, string[]>? ParameterErrors(BadHttpRequestException bad)
    {
        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] };
        }

        var match = ParameterName().Match(bad.Message);
        return match.Success
            ? new Dictionary<string, string[]> { [JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value)] = [$"'{match.Groups["value"].Value}' is not a valid value."] }
            : null;
    }

    [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>\w+)"" from ""(?<value>[^""]*)""")]
    private static partial Regex ParameterName();
}
