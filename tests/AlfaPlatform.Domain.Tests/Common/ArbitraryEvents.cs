using System.Reflection;

namespace AlfaPlatform.Domain.Tests.Common;

/// <summary>
/// Builds an instance of any event record from its constructor with plain values, the same ones every time: every id
/// is <see cref="Id"/>, so an event about "a member", "a registrant" or "a routed target" names the one an earlier
/// event added, and a fold of such events reaches the states later events apply to.
/// </summary>
public static class ArbitraryEvents
{
    public static readonly Guid Id = new("7e57e57e-0000-4000-8000-000000000001");

    public static object Of(Type type) => Value(type, depth: 0)
        ?? throw new InvalidOperationException($"No value of {type.Name}.");

    private static object? Value(Type type, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException($"{type.Name} nests too deep to build.");
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Value(underlying, depth);
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0);
        }

        if (type.IsArray || type.IsGenericType && type.GetGenericTypeDefinition() is var open
            && (open == typeof(IReadOnlyList<>) || open == typeof(IEnumerable<>) || open == typeof(IList<>)
                || open == typeof(IReadOnlyCollection<>) || open == typeof(ICollection<>) || open == typeof(List<>)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            var one = Array.CreateInstance(element, 1);
            one.SetValue(Value(element, depth + 1), 0);
            return type == typeof(List<>).MakeGenericType(element) ? Activator.CreateInstance(type, one) : one;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => "x",
            TypeCode.Boolean => true,
            TypeCode.Int32 => 1,
            TypeCode.Int64 => 1L,
            TypeCode.Decimal => 1m,
            TypeCode.Double => 1d,
            TypeCode.DateTime => new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Unspecified),
            _ when type == typeof(Guid) => Id,
            _ when type == typeof(DateOnly) => new DateOnly(2026, 3, 2),
            _ when type == typeof(TimeOnly) => new TimeOnly(9, 0),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
            _ when type == typeof(TimeSpan) => TimeSpan.FromHours(1),
            _ => Construct(type, depth),
        };
    }

    private static object Construct(Type type, int depth)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters().All(p => p.ParameterType != type)) // not a record's copy constructor
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor to build it with.");
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, depth + 1))]);
    }
}
