using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Infrastructure.Http;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// A change answered with its grain's record is reachable: its operation maps its own endpoint, found by the feature's
/// MapOperations, so a forgotten Endpoint is caught here rather than by a client meeting a 404.
/// </summary>
public sealed class OperationEndpointTests
{
    [Fact]
    public void every_change_answered_with_its_record_has_an_endpoint_in_its_operation()
    {
        var changes = typeof(OperationEndpoints).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && IsStreamChangeWithRecord(t))
            .ToList();

        var withoutEndpoint = changes
            .Where(c => c.DeclaringType?.GetNestedTypes().Any(n => n.GetInterfaces().Any(IsOperationEndpoint)) != true)
            .Select(c => c.FullName)
            .ToList();

        Assert.NotEmpty(changes);
        Assert.True(withoutEndpoint.Count == 0, $"Give these operations an Endpoint : IOperationEndpoint<…>: {string.Join(", ", withoutEndpoint)}");
    }

    private static bool IsStreamChangeWithRecord(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(StreamChange<,,>))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOperationEndpoint(Type i) => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOperationEndpoint<>);
}
