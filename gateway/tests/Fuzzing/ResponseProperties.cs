using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Ideation.Gateway.Transcoding;

namespace Ideation.Gateway.Tests.Fuzzing;

/// <summary>
/// What every answer of the gateway to a generated request must satisfy: no 5xx that the gateway made
/// (the backends run on healthy servers throughout); an error is a <c>google.rpc.Status</c> in JSON,
/// with the JSON content type, whose code matches the HTTP status; a success of a JSON route is JSON.
/// </summary>
internal static class ResponseProperties
{
    public const string JsonContentType = "application/json; charset=utf-8";

    // Strict: a field that is not in google.rpc.Status (or a detail of an unknown type) fails the parse.
    private static readonly JsonParser StatusParser = new(JsonParser.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    /// <summary>
    /// Throws naming the broken property, the answer and the request. The backends are real and
    /// healthy during the run, so any 5xx is a finding: the gateway's, or a service's failure on
    /// input it should have refused (a NUL in text once was: the services now refuse it).
    /// </summary>
    public static void Check(FuzzRequest request, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (status >= 500)
        {
            CheckError(request, status, contentType, body);
            Fail("a 5xx answer", request, status, contentType, body);
        }

        if (request.Method == "HEAD")
        {
            // No body by definition; the status is all there is to check.
            return;
        }

        if (IsKestrelRefusalOfTarget(request, status, contentType, body))
        {
            // Kestrel itself refuses a path with an encoded NUL, before any middleware runs: an
            // empty 400 that closes the connection. Nothing in the gateway can shape that answer.
            return;
        }

        if (status >= 400)
        {
            CheckError(request, status, contentType, body);
        }
        else if (status is >= 200 and < 300 && contentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            try
            {
                using var _ = JsonDocument.Parse(body);
            }
            catch (JsonException exception)
            {
                Fail($"a JSON success whose body is not JSON ({exception.Message})", request, status, contentType, body);
            }
        }
    }

    private static bool IsKestrelRefusalOfTarget(FuzzRequest request, int status, string? contentType, byte[] body) =>
        status == (int)HttpStatusCode.BadRequest && contentType is null && body.Length == 0 && PathHasEncodedNul(request);

    /// <summary>
    /// Whether Kestrel refuses the request's target before the gateway sees it: a path that decodes to
    /// a NUL (an empty 400 over HTTP/1.1, a stream reset with PROTOCOL_ERROR over HTTP/2).
    /// </summary>
    public static bool PathHasEncodedNul(FuzzRequest request)
    {
        var query = request.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? request.PathAndQuery : request.PathAndQuery[..query];
        return path.Contains("%00", StringComparison.Ordinal);
    }

    private static void CheckError(FuzzRequest request, int status, string? contentType, byte[] body)
    {
        if (contentType != JsonContentType)
        {
            Fail($"an error whose content type is not {JsonContentType}", request, status, contentType, body);
        }

        Google.Rpc.Status parsed;
        try
        {
            parsed = StatusParser.Parse<Google.Rpc.Status>(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body));
        }
        catch (Exception exception) when (exception is IOException or FormatException or InvalidOperationException or ArgumentException)
        {
            Fail($"an error body that is not a google.rpc.Status ({exception.Message})", request, status, contentType, body);
            return;
        }

        if (parsed.Code is <= 0 or > 16 || string.IsNullOrEmpty(parsed.Message))
        {
            Fail("an error status without a code or message", request, status, contentType, body);
        }

        // 405 is the transcoder's answer to a method the path has no rule for (UNIMPLEMENTED, 501 in the table).
        var expected = status == (int)HttpStatusCode.MethodNotAllowed && parsed.Code == (int)Grpc.Core.StatusCode.Unimplemented
            ? status
            : GrpcStatusMapping.ToHttpStatus(parsed);
        if (expected != status)
        {
            Fail($"an HTTP status that does not match the status code {parsed.Code} (expected {expected})", request, status, contentType, body);
        }
    }

    private static void Fail(string what, FuzzRequest request, int status, string? contentType, byte[] body) =>
        throw new FuzzPropertyException(
            $"The gateway gave {what}: {status} {contentType ?? "(no content type)"} {Preview(body)}{Environment.NewLine}for {request}");

    private static string Preview(byte[] body) =>
        body.Length == 0 ? "(empty body)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));
}

internal sealed class FuzzPropertyException(string message) : Exception(message);
