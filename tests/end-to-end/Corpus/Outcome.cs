using Grpc.Core;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>A class of answer: the gRPC status code and the HTTP status the gateway gives it.</summary>
/// <param name="StatusInBody">Whether the answer carries a google.rpc.Status: not when Kestrel refuses the request line before the gateway sees it.</param>
public sealed record Outcome(string Name, StatusCode Code, int HttpStatus, bool StatusInBody = true)
{
    public static readonly Outcome Ok = new("ok", StatusCode.OK, 200);

    private static readonly Outcome[] All =
    [
        Ok,
        new("invalid-argument", StatusCode.InvalidArgument, 400),
        new("failed-precondition", StatusCode.FailedPrecondition, 400),
        new("out-of-range", StatusCode.OutOfRange, 400),
        new("not-found", StatusCode.NotFound, 404),
        new("permission-denied", StatusCode.PermissionDenied, 403),
        new("too-large", StatusCode.ResourceExhausted, 413),
        new("aborted", StatusCode.Aborted, 409),
        new("method-not-allowed", StatusCode.Unimplemented, 405),
        // Refused by Kestrel's request-line checks (a URL over its limit, a NUL in the path) before any
        // routing: a plain 4xx without a body.
        new("uri-too-long", StatusCode.InvalidArgument, 414, StatusInBody: false),
        new("bad-request-line", StatusCode.InvalidArgument, 400, StatusInBody: false),
    ];

    public static Outcome Named(string name) =>
        All.SingleOrDefault(o => o.Name == name)
        ?? throw new InvalidDataException($"unknown outcome '{name}'; use one of {string.Join(", ", All.Select(o => o.Name))}");
}
