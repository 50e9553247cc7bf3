using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Ideation.Gateway.Tests.Transcoding.Support;
using Ideation.Testing.Transcoding.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ideation.Gateway.Tests.Transcoding.Hosting;

/// <summary>What the transcoder sends to a backend, and how it answers what a backend (or no backend) does.</summary>
public sealed class TranscodingHandlerTests
{
    private static readonly Google.Protobuf.Reflection.FileDescriptor[] Files = [TranscodingTestReflection.Descriptor];

    [Fact]
    public async Task Forwards_the_caller_the_request_id_a_deadline_and_the_request_aborted_token()
    {
        var backend = new FakeBackend(_ => new Shelf { Name = "shelves/s1" });
        await using var host = await TranscoderHost.StartAsync(backend, Files, options => options.Deadline = TimeSpan.FromSeconds(7));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/shelves/s1");
        request.Headers.Add("Authorization", "Bearer token-1");
        request.Headers.Add("x-request-id", "request-1");
        request.Headers.Add("x-other", "not forwarded");

        var before = DateTime.UtcNow;
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (method, message, options) = Assert.Single(backend.Calls);
        Assert.Equal("/ideation.testing.v1.TranscodingTestService/GetShelf", method);
        Assert.Equal(new GetShelfRequest { Name = "shelves/s1" }, message);
        Assert.Equal([("authorization", "Bearer token-1"), ("x-request-id", "request-1")], options.Headers!.Select(entry => (entry.Key, entry.Value)));
        Assert.InRange(options.Deadline!.Value, before.AddSeconds(6), DateTime.UtcNow.AddSeconds(8));
        Assert.True(options.CancellationToken.CanBeCanceled);
    }

    [Fact]
    public async Task Sends_no_metadata_when_the_request_has_none_and_a_default_deadline_of_30_seconds()
    {
        var backend = new FakeBackend(_ => new Shelf());
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        var before = DateTime.UtcNow;
        using var response = await host.Client.GetAsync("/v1/shelves/s1");

        var options = Assert.Single(backend.Calls).Options;
        Assert.Null(options.Headers);
        Assert.InRange(options.Deadline!.Value, before.AddSeconds(29), DateTime.UtcNow.AddSeconds(31));
    }

    [Fact]
    public async Task Answers_with_the_status_of_an_unreachable_backend()
    {
        var backend = new FakeBackend(_ => new Shelf()) { Unreachable = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "No healthy backend.")) };
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        var (status, json) = await GetJsonAsync(host.Client, "/v1/shelves/s1");

        Assert.Equal(503, status);
        Assert.Equal(14, json["code"]!.GetValue<int>());
        Assert.Equal("No healthy backend.", json["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StatusCode.Internal, LogLevel.Warning)]
    [InlineData(StatusCode.Unknown, LogLevel.Warning)]
    [InlineData(StatusCode.DataLoss, LogLevel.Warning)]
    [InlineData(StatusCode.Unavailable, LogLevel.Debug)]
    [InlineData(StatusCode.NotFound, LogLevel.Debug)]
    public async Task Logs_a_backends_server_fault_as_a_warning_with_what_the_client_saw_and_other_failures_at_debug(StatusCode code, LogLevel level)
    {
        var transport = new IOException("The HTTP/2 server reset the stream.");
        var backend = new FakeBackend(_ => new Shelf()) { Unreachable = new RpcException(new Grpc.Core.Status(code, "Error starting gRPC call.", transport)) };
        var logs = new CapturedLogs();
        await using var host = await TranscoderHost.StartAsync(backend, Files, logs: logs);

        var (status, _) = await GetJsonAsync(host.Client, "/v1/shelves/s1");

        Assert.Equal(GrpcStatusMappingHttp(code), status);
        var line = Assert.Single(logs.Lines, line => line.Message.StartsWith("REST call of", StringComparison.Ordinal));
        Assert.Equal(level, line.Level);
        Assert.Contains(code.ToString(), line.Message, StringComparison.Ordinal);
        Assert.Same(level == LogLevel.Warning ? transport : null, line.Exception);
    }

    private static int GrpcStatusMappingHttp(StatusCode code) => code switch
    {
        StatusCode.NotFound => 404,
        StatusCode.Unavailable => 503,
        _ => 500,
    };

    [Fact]
    public async Task Answers_an_upload_the_backend_refused_while_a_later_chunk_still_waits_to_be_sent()
    {
        var refusal = new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, "The file is larger than 1024 bytes."));
        var backend = new FakeBackend(_ => new Shelf()) { StallingUpload = refusal };
        await using var host = await TranscoderHost.StartAsync(backend, Files, options => options.UploadChunkSize = 1024);
        using var content = new ByteArrayContent(new byte[64 * 1024]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        // A guard against the hang this test is about, not a measure of speed.
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await host.Client.PostAsync("/v1/shelves/s1/uploads?filename=big.bin", content, hang.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(8, JsonNode.Parse(await response.Content.ReadAsStringAsync(hang.Token))!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Builds_the_status_from_code_and_message_when_the_details_trailer_is_corrupt()
    {
        var trailers = new Metadata { { "grpc-status-details-bin", new byte[] { 0xff, 0xff, 0xff } } };
        var backend = new FakeBackend(_ => throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "Not yours."), trailers));
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        var (status, json) = await GetJsonAsync(host.Client, "/v1/shelves/s1");

        Assert.Equal(403, status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"code":7,"message":"Not yours.","details":[]}"""), json));
    }

    [Fact]
    public async Task Leaves_out_details_of_unknown_types()
    {
        var rich = new Google.Rpc.Status { Code = 9, Message = "Not now." };
        rich.Details.Add(new Any { TypeUrl = "type.googleapis.com/unknown.v1.Secret", Value = ByteString.CopyFromUtf8("x") });
        rich.Details.Add(Any.Pack(new ErrorInfo { Reason = "NOT_NOW", Domain = "test" }));
        var backend = new FakeBackend(_ => throw rich.ToRpcException());
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        var (status, json) = await GetJsonAsync(host.Client, "/v1/shelves/s1");

        Assert.Equal(400, status);
        var detail = Assert.Single(json["details"]!.AsArray())!;
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_internal_when_a_response_cannot_be_written_as_json()
    {
        // A field mask path that has no lowerCamel form cannot be printed.
        var backend = new FakeBackend(_ => new AllTypes { FieldMask = new FieldMask { Paths = { "Not_Printable" } } });
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        var (status, json) = await GetJsonAsync(host.Client, "/v1/echo");

        Assert.Equal(500, status);
        Assert.Equal(13, json["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Lists_the_allowed_methods_on_a_405()
    {
        await using var host = await TranscoderHost.StartAsync(new FakeBackend(_ => new AllTypes()), Files);

        using var response = await host.Client.DeleteAsync("/v1/echo");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
        Assert.Equal(12, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Owns_only_its_prefixes_and_leaves_explicit_endpoints_alone()
    {
        await using var host = await TranscoderHost.StartAsync(new FakeBackend(_ => new AllTypes()), Files, mapMore: app =>
        {
            app.MapGet("/health", () => "healthy");
            app.MapPost("/ideation.testing.v1.TranscodingTestService/{method}", () => Results.Text("native grpc", "application/grpc"));
            app.MapGet("/v1/explicit", () => "explicit");
        });

        Assert.Equal("healthy", await host.Client.GetStringAsync("/health"));
        using var native = await host.Client.PostAsync("/ideation.testing.v1.TranscodingTestService/Echo", new ByteArrayContent([]));
        Assert.Equal("native grpc", await native.Content.ReadAsStringAsync());
        Assert.Equal("explicit", await host.Client.GetStringAsync("/v1/explicit"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/openapi/v1.json")).StatusCode);

        using var outside = await host.Client.GetAsync("/v2/echo");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Empty(await outside.Content.ReadAsByteArrayAsync());

        var (status, json) = await GetJsonAsync(host.Client, "/v1");
        Assert.Equal((404, 5), (status, json["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Flushes_each_streamed_message_as_it_arrives()
    {
        var backend = new FakeBackend(_ => new Book());
        var release = new TaskCompletionSource();
        backend.Stream.Add((new Book { Name = "first" }, null));
        backend.Stream.Add((new Book { Name = "second" }, release.Task));
        await using var host = await TranscoderHost.StartAsync(backend, Files);

        using var response = await host.Client.GetAsync("/v1/shelves/s1/books:stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("first", JsonNode.Parse(first!)!["name"]!.GetValue<string>());
        release.SetResult();
        var second = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("second", JsonNode.Parse(second!)!["name"]!.GetValue<string>());
        Assert.Null(await reader.ReadLineAsync());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    private static async Task<(int Status, JsonNode Json)> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
