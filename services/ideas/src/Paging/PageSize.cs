using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Paging;

/// <summary>AIP-158 page sizes: unset means the default, too large is capped, negative is refused.</summary>
internal static class PageSize
{
    public static int Resolve(int requested, int defaultSize, int maximum, string field, FieldViolations violations)
    {
        if (requested < 0)
        {
            violations.Add(field, $"Give a page size of 0 or more (0 means {defaultSize}, more than {maximum} means {maximum}); it is {requested}.");
            return defaultSize;
        }

        return requested == 0 ? defaultSize : Math.Min(requested, maximum);
    }
}
