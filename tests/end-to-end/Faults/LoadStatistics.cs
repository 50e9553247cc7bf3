using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>Requests the load sent and its failures by kind: the HTTP status with the gRPC code, or the transport error.</summary>
public sealed class LoadStatistics
{
    private static readonly string[] GrpcCodes =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
        "DATA_LOSS", "UNAUTHENTICATED",
    ];

    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public IReadOnlyDictionary<string, long> ErrorsByKind => _errors.OrderByDescending(pair => pair.Value).ToDictionary(StringComparer.Ordinal);

    public long Errors => _errors.Values.Sum();

    public void Sent() => Interlocked.Increment(ref _requests);

    public void Failed(string kind) => _errors.AddOrUpdate(kind, 1, (_, count) => count + 1);

    /// <summary>"503 UNAVAILABLE": the status and, when the body is a google.rpc.Status, its code.</summary>
    public static string KindOf(HttpStatusCode status, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code)
                && code.TryGetInt32(out var value) && value >= 0 && value < GrpcCodes.Length)
            {
                return $"{(int)status} {GrpcCodes[value]}";
            }
        }
        catch (JsonException)
        {
            // Not a Status: the kind is the HTTP status alone.
        }

        return $"{(int)status} (no status body)";
    }

    public override string ToString() =>
        $"{Requests} requests, {Errors} errors" + (Errors == 0 ? "" : ": " + string.Join(", ", ErrorsByKind.Select(pair => $"{pair.Key} x{pair.Value}")));
}
