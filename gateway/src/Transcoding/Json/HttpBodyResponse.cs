using System.IO.Pipelines;
using Google.Protobuf;

namespace Ideation.Gateway.Transcoding.Json;

/// <summary>A <c>google.api.HttpBody</c> response: its bytes as they are, with its content type.</summary>
internal static class HttpBodyResponse
{
    public static ValueTask<FlushResult> WriteAsync(HttpResponse response, IMessage httpBody)
    {
        // google.api.HttpBody: content_type = 1, data = 2.
        var descriptor = httpBody.Descriptor;
        var contentType = (string)descriptor.FindFieldByNumber(1).Accessor.GetValue(httpBody);
        var data = (ByteString)descriptor.FindFieldByNumber(2).Accessor.GetValue(httpBody);
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType.Length > 0 ? contentType : "application/octet-stream";
        }

        return response.BodyWriter.WriteAsync(data.Memory, response.HttpContext.RequestAborted);
    }
}
