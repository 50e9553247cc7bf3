namespace Ideation.Gateway.Browser;

/// <summary>Which web origins may call the API from a browser. Section <c>Gateway:Cors</c>.</summary>
public sealed class GatewayCorsOptions
{
    public const string Section = "Gateway:Cors";

    /// <summary>
    /// Exact origins (<c>https://ideas.example.com</c>) whose pages may call the REST API. None by
    /// default: the gateway sends no CORS headers and browsers allow same-origin calls only.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may reuse a preflight's answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
