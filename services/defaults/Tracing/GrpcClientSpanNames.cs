using System.Diagnostics;
using OpenTelemetry;

namespace Ideation.ServiceDefaults.Tracing;

/// <summary>
/// Names Grpc.Net.Client's spans after the method they call (<c>ideation.ideas.v1.IdeaService/GetIdea</c>
/// instead of <c>Grpc.Net.Client.GrpcOut</c>) and adds the rpc.* attributes of the OpenTelemetry
/// conventions, as the server's span already shows the method in its route.
/// </summary>
internal sealed class GrpcClientSpanNames : BaseProcessor<Activity>
{
    private const string MethodTag = "grpc.method";

    public override void OnStart(Activity data)
    {
        if (data.Source.Name != PlatformTracing.GrpcClientSource || data.GetTagItem(MethodTag) is not string fullName)
        {
            return;
        }

        // "/package.Service/Method"
        var method = fullName.TrimStart('/');
        data.DisplayName = method;
        var slash = method.IndexOf('/', StringComparison.Ordinal);
        data.SetTag("rpc.system", "grpc");
        if (slash > 0)
        {
            data.SetTag("rpc.service", method[..slash]);
            data.SetTag("rpc.method", method[(slash + 1)..]);
        }
    }
}
