namespace Ideation.Scanner.Jobs;

/// <summary>The Redis holding the job stream. Section <c>Scanner:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Scanner:Redis";

    /// <summary>A StackExchange.Redis configuration string, for example <c>redis:6379,password=...</c>.</summary>
    public string Configuration { get; set; } = "redis:6379";
}
