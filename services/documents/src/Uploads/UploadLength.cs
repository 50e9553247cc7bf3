using System.Globalization;
using Grpc.Core;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Documents.Uploads;

/// <summary>
/// The file's exact size, announced up front in the call's metadata: the gateway sets it from a REST
/// upload's Content-Length, a gRPC client may set it itself. With it the file is stored as one
/// PutObject streamed as it arrives; without it, in parts. A file longer or shorter than announced is
/// refused and nothing is kept.
/// </summary>
public static class UploadLength
{
    public const string Header = "x-upload-length";

    /// <summary>The announced size, or null when none was announced (or zero: an empty file is refused later, as without it).</summary>
    public static long? Of(Metadata headers)
    {
        if (headers.Get(Header) is not { IsBinary: false, Value: var value })
        {
            return null;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw RpcErrors.InvalidArgument(Header, $"The announced upload length \"{value}\" is not a number of bytes.");
        }

        return length > 0 ? length : null;
    }
}
