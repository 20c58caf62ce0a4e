using AlfaPlatform.Domain.Common;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>What a handler answers when the request can be refused for a reason the caller should see.</summary>
public sealed record Outcome<T>(T? Value, Rejection? Rejection)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Rejection rejection) => new(default, rejection);
}
