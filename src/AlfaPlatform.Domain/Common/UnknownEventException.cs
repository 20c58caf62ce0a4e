namespace AlfaPlatform.Domain.Common;

/// <summary>A fold met an event it does not understand: fail loudly rather than let state drift.</summary>
public sealed class UnknownEventException(Type stateType, object @event)
    : InvalidOperationException($"{stateType.Name} cannot apply event {@event.GetType().Name}.");
