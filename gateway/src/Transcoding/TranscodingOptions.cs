namespace Ideation.Gateway.Transcoding;

/// <summary>Settings of REST/JSON transcoding.</summary>
public sealed class TranscodingOptions
{
    /// <summary>
    /// Deadline of every gRPC call made for a REST request. A REST client cannot ask for one, so the
    /// gateway bounds how long a backend may hold a connection.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deadline of an upload (a client stream fed from the request body), which lasts as long as the
    /// client takes to send the file: 50 MiB over a slow link needs minutes, not seconds.
    /// </summary>
    public TimeSpan UploadDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most bytes of an upload's body (a client stream whose HTTP body is a google.api.HttpBody) sent
    /// in one message; every message but the last carries exactly this many. 64 KiB by default.
    /// </summary>
    public int UploadChunkSize
    {
        get;
        set => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "An upload chunk holds at least one byte.");
    } = 64 * 1024;
}
