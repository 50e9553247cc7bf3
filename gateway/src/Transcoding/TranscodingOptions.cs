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
    /// Deadline of an upload (a client stream fed from the request body) or a download (a server stream
    /// of google.api.HttpBody), which lasts as long as the client takes to send or read the file: 50 MiB
    /// over a slow link needs minutes, not seconds.
    /// </summary>
    public TimeSpan TransferDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most bytes of an upload's body (a client stream whose HTTP body is a google.api.HttpBody) sent
    /// in one message; every message but the last carries exactly this many. 64 KiB by default.
    /// </summary>
    public int UploadChunkSize
    {
        get;
        set => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "An upload chunk holds at least one byte.");
    } = 64 * 1024;

    /// <summary>
    /// The largest body of an upload route. Over it the request is refused with 413 (RESOURCE_EXHAUSTED,
    /// reason UPLOAD_TOO_LARGE). It should sit above the backend's own limit, so that the backend's
    /// exact error is what a client normally sees. 64 MiB by default.
    /// </summary>
    public long MaxUploadBytes
    {
        get;
        set => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The upload limit must be positive.");
    } = 64L * 1024 * 1024;

    /// <summary>
    /// The largest body of every other route (JSON). Over it the request is refused with 413
    /// (RESOURCE_EXHAUSTED, reason REQUEST_TOO_LARGE). 1 MiB by default.
    /// </summary>
    public long MaxRequestBodyBytes
    {
        get;
        set => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The request body limit must be positive.");
    } = 1024 * 1024;
}
