using System.Diagnostics;
using AlfaPlatform.Server.Infrastructure.Telemetry;
using Mediator;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>One span and one duration measurement per message, so every command and query is traced the same way.</summary>
public sealed class TelemetryBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = MessageNames.Of(typeof(TMessage));

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var kind = message is IBaseCommand ? "command" : "query";
        using var activity = AlfaTelemetry.Source.StartActivity($"{kind} {MessageName}", ActivityKind.Internal);
        activity?.SetTag("alfa.message.kind", kind);
        activity?.SetTag("alfa.message.name", MessageName);
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await next(message, cancellationToken);
        }
        catch (RequestValidationException)
        {
            outcome = "invalid";
            activity?.SetStatus(ActivityStatusCode.Error, "invalid request");
            throw;
        }
        catch (Exception e)
        {
            outcome = "error";
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw; // logged once, by whoever handles it (the HTTP exception handler)
        }
        finally
        {
            AlfaTelemetry.MessageDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new("alfa.message.name", MessageName),
                new("alfa.message.outcome", outcome));
        }
    }
}

internal static class MessageNames
{
    /// <summary>"Register.Command" reads better in a trace than "Command".</summary>
    public static string Of(Type type) => type.DeclaringType is { } owner ? $"{owner.Name}.{type.Name}" : type.Name;
}
