namespace AlfaPlatform.Domain.Common;

/// <summary>
/// The events of one kind of stream, found from their shared base record (e.g. <c>TeamEvent</c>) instead of listed by
/// hand, so an event cannot be written to a stream without being registered with the store and its read models.
/// </summary>
public static class DomainEvents
{
    /// <summary>Every concrete record deriving from <typeparamref name="TBase"/> in its assembly, found once per call site.</summary>
    public static IReadOnlySet<Type> Of<TBase>() where TBase : class => Of(typeof(TBase));

    public static IReadOnlySet<Type> Of(Type eventBase) =>
        eventBase.Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && t.IsAssignableTo(eventBase)).ToHashSet();
}
