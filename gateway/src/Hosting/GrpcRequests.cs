using Microsoft.AspNetCore.Http;

namespace Ideation.Gateway.Hosting;

internal static class GrpcRequests
{
    /// <summary>Native gRPC (and gRPC-Web) callers announce themselves by content type.</summary>
    public static bool IsGrpc(this HttpRequest request) =>
        request.ContentType is { } contentType && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
