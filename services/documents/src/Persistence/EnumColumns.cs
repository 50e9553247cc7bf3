using Ideation.Documents.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ideation.Documents.Persistence;

/// <summary>
/// Stores enums as fixed snake_case words rather than numbers or C# names, so that rows read well in
/// psql and renaming a C# member cannot silently change stored data.
/// </summary>
internal static class EnumColumns
{
    public static readonly ValueConverter<ScanState, string> ScanState = Converter(new Dictionary<ScanState, string>
    {
        [Domain.ScanState.Pending] = "pending",
        [Domain.ScanState.Scanning] = "scanning",
        [Domain.ScanState.Clean] = "clean",
        [Domain.ScanState.Infected] = "infected",
        [Domain.ScanState.Unscannable] = "unscannable",
        [Domain.ScanState.Failed] = "failed",
    });

    public static string CheckConstraint<TEnum>(string column, ValueConverter<TEnum, string> converter)
        where TEnum : struct, Enum =>
        $"{column} IN ({string.Join(", ", Enum.GetValues<TEnum>().Select(value => $"'{converter.ConvertToProvider(value)}'"))})";

    private static ValueConverter<TEnum, string> Converter<TEnum>(Dictionary<TEnum, string> words)
        where TEnum : struct, Enum
    {
        var values = words.ToDictionary(pair => pair.Value, pair => pair.Key);
        return new ValueConverter<TEnum, string>(value => words[value], word => values[word]);
    }
}
