using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Validation;

/// <summary>Client-chosen idempotency keys: short, and from a character set safe in logs and URLs.</summary>
internal static class RequestIds
{
    public const int MaxLength = 64;

    public static void Validate(string requestId, string field, FieldViolations violations)
    {
        if (requestId.Length > MaxLength)
        {
            violations.Add(field, $"Keep the request ID to at most {MaxLength} characters; it has {requestId.Length}.");
        }
        else if (!requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            violations.Add(field, "Use only letters, digits, '.', '_' and '-' in the request ID.");
        }
    }
}
