using Ideation.Ideas.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ideation.Ideas.Persistence;

/// <summary>
/// Stores enums as fixed snake_case words rather than numbers or C# names, so that rows read well in
/// psql and renaming a C# member cannot silently change stored data.
/// </summary>
internal static class EnumColumns
{
    public static readonly ValueConverter<IdeaState, string> State = Converter(new Dictionary<IdeaState, string>
    {
        [IdeaState.Draft] = "draft",
        [IdeaState.Submitted] = "submitted",
        [IdeaState.UnderReview] = "under_review",
        [IdeaState.Approved] = "approved",
        [IdeaState.Rejected] = "rejected",
        [IdeaState.Implemented] = "implemented",
        [IdeaState.Withdrawn] = "withdrawn",
    });

    public static readonly ValueConverter<IdeaEventKind, string> EventKind = Converter(new Dictionary<IdeaEventKind, string>
    {
        [IdeaEventKind.Created] = "created",
        [IdeaEventKind.Edited] = "edited",
        [IdeaEventKind.StateChanged] = "state_changed",
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
