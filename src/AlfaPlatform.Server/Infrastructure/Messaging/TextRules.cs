using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlfaPlatform.Server.Infrastructure.Messaging;

/// <summary>The two rules every text of a request follows; which one is the field's declaration (<see cref="MultiLineAttribute"/>).</summary>
public enum TextRule
{
    /// <summary>Names, titles, places, codes, addresses: no control character at all, line breaks and tabs included.</summary>
    OneLine,

    /// <summary>Descriptions, messages, answers, abstracts, free-text reasons: line breaks (CR, LF) and tabs, no other control character.</summary>
    MultiLine,
}

/// <summary>
/// Marks a text field that may hold several lines. Every other text of a command or query is one line: a field is
/// multi-line only by saying so here.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MultiLineAttribute : Attribute;

public static class TextRules
{
    public static bool Allows(this TextRule rule, string text) => rule switch
    {
        // U+2028 and U+2029 are line breaks too, though not control characters.
        TextRule.OneLine => !text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator),
        _ => !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')),
    };

    public static string Error(this TextRule rule) => rule == TextRule.OneLine
        ? "One line of text: no line breaks, tabs or other control characters (such as NUL)."
        : "Text may hold line breaks and tabs, but no other control characters (such as NUL).";
}

/// <summary>
/// Finds every text a message can carry (its strings and lists of strings, and those of the records it holds, such
/// as a venue or its chairs) and checks each against its rule, so that no field, however new, escapes both rules.
/// What the client cannot send (<see cref="JsonIgnoreAttribute"/>: set by the server) is not read. A property of a
/// shape this cannot read (a dictionary, an object) makes the message type fail loudly instead of going unchecked.
/// </summary>
public static class TextFields
{
    private abstract record Field(string Name, PropertyInfo Property, bool IsList);

    private sealed record Text(string Name, PropertyInfo Property, bool IsList, TextRule Rule) : Field(Name, Property, IsList);

    private sealed record Nested(string Name, PropertyInfo Property, bool IsList, Field[] Fields) : Field(Name, Property, IsList);

    private static readonly ConcurrentDictionary<Type, Field[]> Plans = new();

    /// <summary>Each text that breaks its rule, named as the client wrote it ("venue.name", "chairs[1].name").</summary>
    public static IEnumerable<(string Field, string Error)> Find(object message) => Find(message, PlanOf(message.GetType()), "");

    /// <summary>Every text field of a message type and its rule, lists written "name[]" (for tests and docs).</summary>
    public static IEnumerable<(string Field, TextRule Rule)> Describe(Type messageType) => Describe(PlanOf(messageType), "");

    private static Field[] PlanOf(Type type) => Plans.GetOrAdd(type, t => Plan(t, [t]));

    private static IEnumerable<(string, string)> Find(object holder, Field[] fields, string prefix)
    {
        foreach (var field in fields)
        {
            var value = field.Property.GetValue(holder);
            IEnumerable<object?> items = value is null ? [] : field.IsList ? ((IEnumerable)value).Cast<object?>() : [value];
            foreach (var (item, index) in items.Select((item, index) => (item, index)))
            {
                var name = field.IsList ? $"{prefix}{field.Name}[{index}]" : prefix + field.Name;
                IEnumerable<(string, string)> problems = (field, item) switch
                {
                    (_, null) => [],
                    (Text text, string s) => text.Rule.Allows(s) ? [] : [(name, text.Rule.Error())],
                    (Nested nested, _) => Find(item, nested.Fields, name + "."),
                    _ => [],
                };
                foreach (var problem in problems)
                {
                    yield return problem;
                }
            }
        }
    }

    private static IEnumerable<(string, TextRule)> Describe(Field[] fields, string prefix) => fields.SelectMany(field =>
    {
        var name = prefix + field.Name + (field.IsList ? "[]" : "");
        return field switch
        {
            Text text => [(name, text.Rule)],
            Nested nested => Describe(nested.Fields, name + "."),
            _ => Enumerable.Empty<(string, TextRule)>(),
        };
    });

    private static Field[] Plan(Type type, HashSet<Type> path) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => FieldOf(type, p, path))
            .OfType<Field>(),
    ];

    private static Field? FieldOf(Type holder, PropertyInfo property, HashSet<Type> path)
    {
        var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
        var rule = property.GetCustomAttribute<MultiLineAttribute>() is null ? TextRule.OneLine : TextRule.MultiLine;
        var type = property.PropertyType;
        if (type == typeof(string))
        {
            return new Text(name, property, IsList: false, rule);
        }

        if (type.IsValueType)
        {
            return null; // numbers, dates, ids, choices: no text
        }

        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>)
                    || definition == typeof(IList<>) || definition == typeof(List<>))
                ? type.GetGenericArguments()[0]
                : null;
        if (element == typeof(string))
        {
            return new Text(name, property, IsList: true, rule);
        }

        if (element is { IsValueType: true })
        {
            return null;
        }

        var record = element ?? type;
        if (record.Namespace?.StartsWith("AlfaPlatform.", StringComparison.Ordinal) != true || typeof(IEnumerable).IsAssignableFrom(record) || !path.Add(record))
        {
            throw new NotSupportedException(
                $"{holder.Name}.{property.Name} ({type.Name}): the text rules cannot read this shape. Use strings, lists, or records of the platform.");
        }

        var fields = Plan(record, path);
        path.Remove(record);
        return fields.Length == 0 ? null : new Nested(name, property, IsList: element is not null, fields);
    }
}
