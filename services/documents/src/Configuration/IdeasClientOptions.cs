namespace Ideation.Documents.Configuration;

/// <summary>How the service asks the ideas service who may do what. Section <c>Documents:Ideas</c>.</summary>
public sealed class IdeasClientOptions
{
    public const string Section = "Documents:Ideas";

    /// <summary>The ideas service's h2c gRPC address.</summary>
    public string Address { get; set; } = "http://ideas:5101";

    /// <summary>Deadline of each GetIdea attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per permission check when ideas answers UNAVAILABLE, the first included.</summary>
    public int MaxAttempts { get; set; } = 3;
}
