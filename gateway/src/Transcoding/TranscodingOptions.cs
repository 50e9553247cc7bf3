namespace Ideation.Gateway.Transcoding;

/// <summary>Settings of REST/JSON transcoding.</summary>
public sealed class TranscodingOptions
{
    /// <summary>
    /// Deadline of every gRPC call made for a REST request. A REST client cannot ask for one, so the
    /// gateway bounds how long a backend may hold a connection.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);
}
