using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// Enums in request bodies by name only, as in routes (<see cref="Named{TEnum}"/>). The framework's string enum
/// converter also takes comma-joined names, which combine into another value; this one refuses them, and numbers.
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(ByName<>).MakeGenericType(typeToConvert))!;

    private sealed class ByName<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Named<TEnum>.TryParse(reader.GetString(), null, out var named)
                ? named.Value
                : throw new InvalidChoiceException($"Expected one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

/// <summary>A value that is not one of the declared choices; the serializer adds the path of the field.</summary>
public sealed class InvalidChoiceException(string message) : JsonException(message);
