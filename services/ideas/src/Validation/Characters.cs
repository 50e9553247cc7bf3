namespace Ideation.Ideas.Validation;

/// <summary>
/// Lengths as users count them: Unicode code points, so that an emoji or a CJK extension character
/// counts once and not twice as it would in UTF-16 <see cref="string.Length"/>.
/// </summary>
internal static class Characters
{
    public static int Count(string text) => text.EnumerateRunes().Count();
}
