using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Ideation.Gateway.Transcoding;

/// <summary>
/// Supplies the <see cref="CallInvoker"/> that reaches a gRPC service, by its descriptor. The gateway
/// implements it over YARP's cluster state; tests implement it with a GrpcChannel.
/// </summary>
/// <remarks>
/// May throw an <see cref="RpcException"/> (for example UNAVAILABLE when no backend is healthy): the
/// transcoder answers with that status.
/// </remarks>
public interface IGrpcBackend
{
    CallInvoker For(ServiceDescriptor service);

    /// <summary>
    /// For sending a call again after destinations refused it: a destination other than theirs
    /// (<paramref name="refused"/>, the invokers this call was refused by) while there is one.
    /// </summary>
    CallInvoker For(ServiceDescriptor service, IReadOnlyCollection<CallInvoker> refused) => For(service);
}
