using Ideation.ServiceDefaults.Resilience;

namespace Ideation.Documents.Configuration;

/// <summary>How the service asks the ideas service who may do what. Section <c>Documents:Ideas</c>.</summary>
public sealed class IdeasClientOptions
{
    public const string Section = "Documents:Ideas";

    /// <summary>The ideas service's h2c gRPC address (in Kubernetes its Service).</summary>
    public string Address { get; set; } = "http://ideas:5101";

    /// <summary>
    /// Several instances' addresses instead of <see cref="Address"/>, balanced round robin by the channel
    /// (two instances on one machine). Empty: <see cref="Address"/> alone.
    /// </summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Deadline of each GetIdea attempt, shortened to what remains of the caller's own deadline.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries (GetIdea is a read), their budget, the circuit breaker and the bulkhead. Section <c>Documents:Ideas:Resilience</c>.</summary>
    public CallPolicy Resilience { get; set; } = new();

    public IReadOnlyList<string> AllAddresses() => Addresses.Count > 0 ? Addresses : [Address];
}
