using Ideation.Storage;

namespace Ideation.Scanner.Jobs;

/// <summary>The S3-compatible store documents keeps the bytes in, the same settings as documents'. Section <c>Scanner:Storage</c>.</summary>
public sealed class StorageOptions : S3ConnectionOptions
{
    public const string Section = "Scanner:Storage";
}
