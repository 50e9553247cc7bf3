using Ideation.ServiceDefaults.Resilience;

namespace Ideation.Scanner.Jobs;

/// <summary>Where the documents service's ScanVerdictService listens. Section <c>Scanner:Documents</c>.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Scanner:Documents";

    /// <summary>h2c address of the documents service.</summary>
    public string Address { get; set; } = "http://documents:5102";

    /// <summary>Several instances' addresses instead of <see cref="Address"/>, balanced round robin by the channel (two instances on one machine).</summary>
    public List<string> Addresses { get; set; } = [];

    /// <summary>Deadline of each StartScan and RecordVerdict call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Circuit breaker and bulkhead in front of documents (no retries: see ScanJobSetup).</summary>
    public CallPolicy Resilience { get; set; } = new();

    public IReadOnlyList<Uri> AddressUris() => Addresses.Count > 0 ? Addresses.Select(AddressUri).ToList() : [AddressUri(Address)];

    public Uri AddressUri() => AddressUri(Address);

    private static Uri AddressUri(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{Section}:Address '{address}' is not an absolute http(s) URL.");
}
