namespace AlfaPlatform.Domain.Common;

/// <summary>The outcome of a command sent to a grain: the stream version after it, or a rejection.</summary>
[GenerateSerializer, Immutable, Alias("alfa.command-result")]
public sealed record CommandResult(
    [property: Id(0)] long Version,
    [property: Id(1)] Rejection? Rejection)
{
    public bool IsAccepted => Rejection is null;

    public static CommandResult Accepted(long version) => new(version, null);

    public static CommandResult Rejected(Rejection rejection, long version) => new(version, rejection);
}
