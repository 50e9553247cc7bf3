using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Ideation.Gateway.Transcoding.Binding;

/// <summary>
/// Converts one path or query string value to the value of a field, with the same rules as the
/// proto3 JSON mapping of that field's type: enums by name (or number), 64-bit integers and bytes
/// (base64) as strings, well-known types (Timestamp, Duration, FieldMask, wrappers) in their JSON form.
/// </summary>
internal static class FieldValueParser
{
    /// <summary>
    /// The value to give <see cref="IFieldAccessor.SetValue"/> (or to add to a repeated field).
    /// Throws <see cref="FormatException"/> naming what was expected.
    /// </summary>
    public static object Parse(FieldDescriptor field, string text, JsonParser json)
    {
        if (field.FieldType != FieldType.Message)
        {
            return ParseScalar(field, text);
        }

        var message = field.MessageType;
        if (ProtoFields.IsWrapper(message))
        {
            // Generated C# exposes wrapper fields as their unwrapped value (int?, string, ...).
            return ParseScalar(message.FindFieldByNumber(1), text);
        }

        try
        {
            // Timestamp, Duration and FieldMask: their JSON form is a string; let the JSON parser read it
            // (its errors, InvalidProtocolBufferException and InvalidJsonException, are IOExceptions).
            return json.Parse(JsonSerializer.Serialize(text), message);
        }
        catch (IOException exception)
        {
            throw new FormatException($"'{text}' is not a valid {message.FullName}: {exception.Message}", exception);
        }
    }

    private static object ParseScalar(FieldDescriptor field, string text) => field.FieldType switch
    {
        FieldType.String => text,
        FieldType.Bool => ParseBool(text),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ParseInteger<int>(text, "a 32-bit integer"),
        FieldType.UInt32 or FieldType.Fixed32 => ParseInteger<uint>(text, "an unsigned 32-bit integer"),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ParseInteger<long>(text, "a 64-bit integer"),
        FieldType.UInt64 or FieldType.Fixed64 => ParseInteger<ulong>(text, "an unsigned 64-bit integer"),
        FieldType.Double => ParseDouble(text),
        FieldType.Float => ParseFloat(text),
        FieldType.Bytes => ParseBytes(text),
        FieldType.Enum => ParseEnum(field.EnumType, text),
        _ => throw new FormatException($"a {field.FieldType} field cannot be set from a string"),
    };

    private static bool ParseBool(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new FormatException($"'{text}' is not a boolean: expected true or false");

    private static T ParseInteger<T>(string text, string expected) where T : IBinaryInteger<T> =>
        T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not {expected}");

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) => value,
        _ => throw new FormatException($"'{text}' is not a number"),
    };

    private static float ParseFloat(string text) => text switch
    {
        "NaN" => float.NaN,
        "Infinity" => float.PositiveInfinity,
        "-Infinity" => float.NegativeInfinity,
        _ when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) => value,
        _ => throw new FormatException($"'{text}' is not a 32-bit floating-point number"),
    };

    private static ByteString ParseBytes(string text)
    {
        // proto3 JSON accepts standard and URL-safe base64, with or without padding.
        var standard = text.Replace('-', '+').Replace('_', '/');
        var padded = (standard.Length % 4) switch
        {
            2 => standard + "==",
            3 => standard + "=",
            _ => standard,
        };

        try
        {
            return ByteString.FromBase64(padded);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"'{text}' is not base64", exception);
        }
    }

    private static int ParseEnum(EnumDescriptor type, string text)
    {
        var value = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? type.FindValueByNumber(number)
            : type.FindValueByName(text);
        return value?.Number ?? throw new FormatException($"'{text}' is not a value of {type.FullName}");
    }
}
