using System.Reflection;
using System.Text.Json;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>
/// Finds control characters (NUL above all: PostgreSQL cannot store it) in the text fields of a message, so that
/// every command and query refuses them with a 400 instead of failing in the database. Reads the message's own
/// string and string-list properties, which is where our messages keep their text.
/// </summary>
internal static class ControlCharacters<TMessage>
{
    private sealed record TextField(string Name, PropertyInfo Property, bool IsList);

    private static readonly TextField[] TextFields =
        typeof(TMessage).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => p.PropertyType == typeof(string)
                ? new TextField(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p, IsList: false)
                : typeof(IEnumerable<string>).IsAssignableFrom(p.PropertyType)
                    ? new TextField(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p, IsList: true)
                    : null)
            .OfType<TextField>()
            .ToArray();

    public static IEnumerable<(string Field, string Error)> Find(TMessage message)
    {
        foreach (var field in TextFields)
        {
            var value = field.Property.GetValue(message);
            var texts = field.IsList ? (IEnumerable<string?>?)value ?? [] : [(string?)value];
            foreach (var (text, index) in texts.Select((text, index) => (text, index)))
            {
                if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
                {
                    yield return (field.IsList ? $"{field.Name}[{index}]" : field.Name, "Text may not hold control characters (such as NUL).");
                }
            }
        }
    }
}
