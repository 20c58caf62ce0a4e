namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>The request is malformed; answered with 400 and the errors per field, before any grain is called.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string error) => new(new Dictionary<string, string[]> { [field] = [error] });
}
