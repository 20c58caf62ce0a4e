using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Security;
using Mediator;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>
/// Gives each command its context (actor, correlation id, a fresh causation id) and attaches it to the grain call
/// that follows, so the events it causes record who asked and through which request, and under which
/// Idempotency-Key (each command of a keyed request known by its own fingerprint).
/// </summary>
public sealed class CommandContextBehavior<TMessage, TResponse>(Caller caller) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IBaseCommand)
        {
            new CommandContext(caller.ActorId, caller.CorrelationId, Guid.NewGuid().ToString("N"), caller.RecordedAt, caller.ActorName, caller.Role,
                caller.Keyed(message)).Attach();
        }

        return next(message, cancellationToken);
    }
}
