using Google.Rpc;
using Ideation.Gateway.Hosting;

namespace Ideation.Gateway.Routing;

/// <summary>
/// Answers a request that no route claims, after every proxied, transcoded and explicit endpoint: a
/// native gRPC call gets UNIMPLEMENTED (the service is not routed: internal services such as the
/// scanner and scan verdicts never are), a REST call 404 with a <c>google.rpc.Status</c> body, as every
/// other error of the REST surface.
/// </summary>
public static class UnroutedRequests
{
    public const string Reason = "NOT_ROUTED";

    public static IEndpointConventionBuilder MapUnroutedRequests(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFallback("{**path}", context =>
        {
            var request = context.Request;
            if (request.IsGrpc())
            {
                // A gRPC path is /<package>.<Service>/<Method>.
                var service = request.Path.Value?.TrimStart('/').Split('/')[0] ?? "";
                return RefusalResponse.WriteAsync(context,
                    RefusalResponse.Create(Code.Unimplemented, Reason, $"The gateway routes no gRPC service '{service}'."),
                    StatusCodes.Status404NotFound);
            }

            return RefusalResponse.WriteAsync(context,
                RefusalResponse.Create(Code.NotFound, Reason, $"No route matches {request.Method} {request.Path}."),
                StatusCodes.Status404NotFound);
        }).WithDisplayName("Unrouted requests");
}
