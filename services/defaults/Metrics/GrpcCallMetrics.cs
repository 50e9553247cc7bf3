using Grpc.Core;
using Prometheus;

namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// gRPC call counts and latency per service, method and status code, on both ends of a call, with
/// the labels of the common grpc-prometheus convention.
/// </summary>
internal static class GrpcCallMetrics
{
    public static readonly Counter ServerHandled = Prometheus.Metrics.CreateCounter(
        "grpc_server_handled_total", "gRPC calls completed by this server, by service, method and status code.",
        new CounterConfiguration { LabelNames = ["grpc_type", "grpc_service", "grpc_method", "grpc_code"] });

    public static readonly Histogram ServerHandling = Prometheus.Metrics.CreateHistogram(
        "grpc_server_handling_seconds", "Time this server took to complete a gRPC call.",
        new HistogramConfiguration { LabelNames = ["grpc_type", "grpc_service", "grpc_method"], Buckets = LatencyBuckets.Seconds });

    public static readonly Counter ClientHandled = Prometheus.Metrics.CreateCounter(
        "grpc_client_handled_total", "gRPC calls this process made to other services, by service, method and status code.",
        new CounterConfiguration { LabelNames = ["grpc_type", "grpc_service", "grpc_method", "grpc_code"] });

    public static readonly Histogram ClientHandling = Prometheus.Metrics.CreateHistogram(
        "grpc_client_handling_seconds", "Time until a gRPC call this process made completed.",
        new HistogramConfiguration { LabelNames = ["grpc_type", "grpc_service", "grpc_method"], Buckets = LatencyBuckets.Seconds });

    public static string TypeOf(MethodType type) => type switch
    {
        MethodType.Unary => "unary",
        MethodType.ClientStreaming => "client_stream",
        MethodType.ServerStreaming => "server_stream",
        _ => "bidi_stream",
    };

    /// <summary>Splits "/package.Service/Method" into its service and method.</summary>
    public static (string Service, string Method) Split(string fullMethod)
    {
        var slash = fullMethod.LastIndexOf('/');
        return slash <= 0 ? ("unknown", fullMethod) : (fullMethod[1..slash], fullMethod[(slash + 1)..]);
    }
}
