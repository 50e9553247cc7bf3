using Ideation.Ideas.Validation;
using Microsoft.Extensions.Options;

namespace Ideation.Ideas.Configuration;

/// <summary>Refuses to start with categories that forms or filters could not use, or search bounds that bound nothing.</summary>
internal sealed class IdeasOptionsValidator : IValidateOptions<IdeasOptions>
{
    public ValidateOptionsResult Validate(string? name, IdeasOptions options)
    {
        var failures = new List<string>();
        if (options.Categories.Count == 0)
        {
            failures.Add("Ideas:Categories must list at least one category ({ Id, DisplayName }).");
        }

        foreach (var (category, index) in options.Categories.Select((category, index) => (category, index)))
        {
            if (!IdeaValidator.IsTag(category.Id))
            {
                failures.Add($"Ideas:Categories:{index}:Id '{category.Id}' must be 1 to 32 characters among a-z, 0-9 and '-'.");
            }

            if (string.IsNullOrWhiteSpace(category.DisplayName))
            {
                failures.Add($"Ideas:Categories:{index}:DisplayName must be set.");
            }
        }

        foreach (var duplicate in options.Categories.GroupBy(category => category.Id).Where(group => group.Count() > 1))
        {
            failures.Add($"Ideas:Categories lists '{duplicate.Key}' more than once.");
        }

        var search = options.Search;
        if (search.ScannedRows < 1 || search.RankedMatches < 1 || search.RankedScannedRows < search.RankedMatches)
        {
            failures.Add("Ideas:Search needs ScannedRows and RankedMatches of at least 1, and RankedScannedRows of at least RankedMatches.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
