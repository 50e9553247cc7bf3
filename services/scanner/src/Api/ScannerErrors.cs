using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Scanner.Clamd;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Scanner.Api;

internal static class ScannerErrors
{
    /// <summary>clamd is down or failed: the caller retries later; nothing was decided about the content.</summary>
    public static RpcException ClamdUnavailable(ClamdException exception)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = $"The virus scanner cannot scan right now; retry later. ({exception.Message})",
        };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = "CLAMD_UNAVAILABLE", Domain = RpcErrors.Domain }));
        return status.ToRpcException();
    }
}
