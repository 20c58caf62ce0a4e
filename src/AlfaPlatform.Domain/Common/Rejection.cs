namespace AlfaPlatform.Domain.Common;

/// <summary>Why a command was refused; the gateway maps <see cref="Kind"/> to an HTTP status.</summary>
[GenerateSerializer, Immutable, Alias("alfa.rejection")]
public sealed record Rejection(
    [property: Id(0)] RejectionKind Kind,
    [property: Id(1)] string Code,
    [property: Id(2)] string Message)
{
    public static Rejection NotFound(string what) => new(RejectionKind.NotFound, "not_found", $"{what} does not exist.");

    public static Rejection Conflict(string code, string message) => new(RejectionKind.Conflict, code, message);

    public static Rejection Forbidden(string code, string message) => new(RejectionKind.Forbidden, code, message);

    public static Rejection KeyReused() => new(
        RejectionKind.Unprocessable,
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different request.");

    public static Rejection StaleVersion(long expected, long actual) => new(
        RejectionKind.PreconditionFailed,
        "stale_version",
        $"The record is at version {actual}, the request expected version {expected}. Reload it and try again.");
}

[GenerateSerializer, Alias("alfa.rejection-kind")]
public enum RejectionKind
{
    /// <summary>The record does not exist (404).</summary>
    NotFound,

    /// <summary>The change breaks a rule given the record's current state (409).</summary>
    Conflict,

    /// <summary>The caller's expected version is not the record's version (412).</summary>
    PreconditionFailed,

    /// <summary>The caller may see the record but not this part of it, or not yet (403).</summary>
    Forbidden,

    /// <summary>The request cannot be processed as sent, e.g. an Idempotency-Key reused for another body (422).</summary>
    Unprocessable,

    /// <summary>What was sent is larger than the rule allows, e.g. a document over its limit (413).</summary>
    TooLarge,

    /// <summary>What was sent is of a type not taken here, e.g. a document neither PDF, DOCX nor XLSX (415).</summary>
    UnsupportedType,
}
