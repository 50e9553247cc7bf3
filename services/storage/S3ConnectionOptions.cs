namespace Ideation.Storage;

/// <summary>Where the object store is and who the service is to it; each service's storage section starts with these.</summary>
public class S3ConnectionOptions
{
    /// <summary>The endpoint, for example http://127.0.0.1:4569; empty means AWS's own endpoint for <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>With <see cref="SecretKey"/>; both empty means the SDK's default credential chain (environment, web identity, instance role).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Path-style URLs (<c>host/bucket/key</c>), which S3-compatible servers without bucket DNS names need.</summary>
    public bool ForcePathStyle { get; set; }
}
