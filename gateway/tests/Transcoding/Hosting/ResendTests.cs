using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Gateway.Routing;
using Ideation.Gateway.Tests.Transcoding.Equivalence;
using Ideation.Gateway.Transcoding;
using Ideation.Testing;
using Ideation.Testing.Transcoding.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Ideation.Gateway.Tests.Transcoding.Hosting;

/// <summary>
/// A call whose destination refuses the connection (an instance that stopped listening before the
/// health checks noticed) never reached a server, so the transcoder sends it to the next destination,
/// a write and an upload included; real gRPC channels, one of them to a port where nothing listens.
/// </summary>
public sealed class ResendTests
{
    private const int ChunkSize = 64 * 1024;

    [Fact]
    public async Task A_write_refused_by_a_stopped_destination_is_answered_by_the_next()
    {
        StoppedDestinationsFirst? destinations = null;
        await using var pair = await TranscodingPair.StartAsync(TestServicePair.Service, wrapBackend: live => destinations = new StoppedDestinationsFirst(live, stopped: 1));
        using var _ = destinations;

        using var response = await pair.Gateway.PostAsync("/v1/echo", new StringContent("""{"stringValue":"sent again"}""", Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("sent again", JsonNode.Parse(text)!["stringValue"]!.GetValue<string>());
        Assert.Equal(2, destinations!.Calls);
    }

    [Theory]
    [InlineData(1000)] // the whole body in the head
    [InlineData(5 * ChunkSize + 123)] // the head and five more chunks
    public async Task An_upload_refused_by_a_stopped_destination_reaches_the_next_whole(int bodyLength)
    {
        StoppedDestinationsFirst? destinations = null;
        await using var pair = await TranscodingPair.StartAsync(TestServicePair.Service, wrapBackend: live => destinations = new StoppedDestinationsFirst(live, stopped: 2));
        using var _ = destinations;
        var body = new byte[bodyLength];
        new Random(bodyLength).NextBytes(body);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        using var response = await pair.Gateway.PostAsync("/v1/shelves/s1/uploads?filename=report.pdf", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var summary = UploadSummary.Parser.ParseJson(text);
        Assert.Equal("report.pdf", summary.Head.Filename);
        Assert.Equal("application/pdf", summary.Head.Chunk.ContentType);
        Assert.Equal((bodyLength + ChunkSize - 1) / ChunkSize, summary.Messages);
        Assert.True(summary.LaterMessagesOnlyData);
        Assert.Equal(body.Length, summary.TotalBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), summary.Sha256);
        Assert.Equal(3, destinations!.Calls);
    }

    [Fact]
    public async Task An_upload_refused_by_every_destination_fails_as_unavailable_after_three_attempts()
    {
        StoppedDestinationsFirst? destinations = null;
        await using var pair = await TranscodingPair.StartAsync(TestServicePair.Service, wrapBackend: live => destinations = new StoppedDestinationsFirst(live, stopped: int.MaxValue));
        using var _ = destinations;

        using var response = await pair.Gateway.PostAsync("/v1/shelves/s1/uploads?filename=report.pdf", new ByteArrayContent(new byte[3 * ChunkSize]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal((int)StatusCode.Unavailable, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
        Assert.Equal(3, destinations!.Calls);
    }

    /// <summary>
    /// Destinations in turn, as YARP hands them out: the first <paramref name="stopped"/> calls go to an
    /// address where nothing listens, later ones to the live backend. Counts the calls.
    /// </summary>
    private sealed class StoppedDestinationsFirst(IGrpcBackend live, int stopped) : IGrpcBackend, IDisposable
    {
        private readonly GrpcChannel _stopped = YarpGrpcBackend.CreateGrpcChannel($"http://127.0.0.1:{FreePort.Next()}");
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public CallInvoker For(ServiceDescriptor service) =>
            Interlocked.Increment(ref _calls) <= stopped ? _stopped.CreateCallInvoker() : live.For(service);

        public void Dispose() => _stopped.Dispose();
    }
}
