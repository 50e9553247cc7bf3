namespace Ideation.Scanner.Jobs;

/// <summary>Where the documents service's ScanVerdictService listens. Section <c>Scanner:Documents</c>.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Scanner:Documents";

    /// <summary>h2c address of the documents service.</summary>
    public string Address { get; set; } = "http://documents:5102";

    /// <summary>Deadline of each StartScan and RecordVerdict call.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public Uri AddressUri() =>
        Uri.TryCreate(Address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{Section}:Address '{Address}' is not an absolute http(s) URL.");
}
