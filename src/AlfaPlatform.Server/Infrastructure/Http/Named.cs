namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// A choice named in a route or query string. ASP.NET Core binds enums with <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>,
/// which also takes numbers and comma-joined names ("1", "A,B" = A|B): a typo could then pick another value.
/// Only a declared name (any case) binds here; anything else is a 400 naming the parameter.
/// </summary>
public readonly record struct Named<TEnum>(TEnum Value) where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName =
        Enum.GetValues<TEnum>().ToDictionary(value => value.ToString(), StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(string? value, IFormatProvider? provider, out Named<TEnum> result)
    {
        var found = ByName.TryGetValue(value?.Trim() ?? "", out var choice);
        result = new Named<TEnum>(choice);
        return found;
    }

    public override string ToString() => Value.ToString();
}
