namespace Ideation.Gateway.Transcoding;

/// <summary>
/// Lets the content headers a backend sends as gRPC metadata reach the transcoder. .NET's HttpClient
/// files <c>content-disposition</c>, <c>last-modified</c> and the other content headers under the
/// response's content, and Grpc.Net.Client builds a call's response metadata from the other headers
/// only: a service's <c>content-disposition</c> would never reach <c>ResponseHeadersAsync</c>. In the
/// HTTP pipeline of the channels the transcoder calls through, this handler copies each of them (but
/// Content-Type and Content-Length, which belong to gRPC's framing) into the response headers as
/// <see cref="Prefix"/> + its lowercase name, where the metadata picks it up.
/// </summary>
public sealed class ContentHeadersAsMetadataHandler : DelegatingHandler
{
    public const string Prefix = "x-content-header-";

    public ContentHeadersAsMetadataHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.TryAddWithoutValidation(Prefix + name.ToLowerInvariant(), values);
            }
        }

        return response;
    }
}
