namespace Ideation.Documents.Pipeline;

/// <summary>The Redis holding the scan-job stream. Section <c>Documents:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Documents:Redis";

    /// <summary>A StackExchange.Redis configuration string, for example <c>redis:6379,password=...</c>.</summary>
    public string Configuration { get; set; } = "redis:6379";
}
