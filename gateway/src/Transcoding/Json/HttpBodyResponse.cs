using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Net.Http.Headers;

namespace Ideation.Gateway.Transcoding.Json;

/// <summary>
/// A <c>google.api.HttpBody</c> response, unary or one message of a server stream: its bytes exactly as
/// they are, nothing between one message's and the next. The first message sets the response's content
/// type; later ones only add bytes (their content type is ignored, as HTTP has one per response).
/// </summary>
/// <remarks>
/// A raw response is a file, so what describes it as a file passes from the gRPC response headers to
/// the HTTP response: <see cref="ForwardedHeaders"/>, and only those. The rest of a backend's headers
/// are its own business (and could be hop-by-hop or internal). Behind a .NET channel, the content headers
/// among them arrive renamed by <see cref="ContentHeadersAsMetadataHandler"/>. <c>X-Content-Type-Options: nosniff</c>
/// keeps a browser from treating the bytes as anything but their declared type, for example an
/// uploaded "image" that is really HTML.
/// </remarks>
internal static class HttpBodyResponse
{
    /// <summary>The gRPC response headers a raw response carries over to HTTP, when the backend sets them.</summary>
    public static readonly IReadOnlyList<string> ForwardedHeaders =
    [
        HeaderNames.ContentDisposition.ToLowerInvariant(),
        HeaderNames.ETag.ToLowerInvariant(),
        HeaderNames.CacheControl.ToLowerInvariant(),
        HeaderNames.LastModified.ToLowerInvariant(),
    ];

    public static ValueTask<FlushResult> WriteAsync(HttpResponse response, IMessage httpBody, Metadata? responseHeaders)
    {
        // google.api.HttpBody: content_type = 1, data = 2.
        var descriptor = httpBody.Descriptor;
        var data = (ByteString)descriptor.FindFieldByNumber(2).Accessor.GetValue(httpBody);
        if (!response.HasStarted)
        {
            var contentType = (string)descriptor.FindFieldByNumber(1).Accessor.GetValue(httpBody);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType.Length > 0 ? contentType : "application/octet-stream";
            response.Headers.XContentTypeOptions = "nosniff";
            CopyForwardedHeaders(responseHeaders, response.Headers);
        }

        return response.BodyWriter.WriteAsync(data.Memory, response.HttpContext.RequestAborted);
    }

    private static void CopyForwardedHeaders(Metadata? from, IHeaderDictionary to)
    {
        if (from is null)
        {
            return;
        }

        foreach (var name in ForwardedHeaders)
        {
            if ((from.Get(name) ?? from.Get(ContentHeadersAsMetadataHandler.Prefix + name)) is { IsBinary: false, Value: var value })
            {
                to[name] = value;
            }
        }
    }
}
