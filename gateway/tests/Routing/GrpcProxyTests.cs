using Google.Api;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Ideation.Testing.Transcoding.V1;

namespace Ideation.Gateway.Tests.Routing;

/// <summary>
/// Native gRPC through YARP as the gateway configures it: each route's body limit comes from its
/// service's descriptor, and a call over it fails with RESOURCE_EXHAUSTED (not the UNKNOWN a bare 413
/// would be); a call to a service without a route is UNIMPLEMENTED.
/// </summary>
public sealed class GrpcProxyTests : IAsyncLifetime
{
    private const int ChunkSize = 32 * 1024;

    private GrpcProxyHost _host = null!;

    public async Task InitializeAsync() => _host = await GrpcProxyHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_service_with_uploads_takes_a_stream_far_over_the_small_default()
    {
        var size = (int)GrpcProxyHost.MaxUploadBytes - ChunkSize;

        var summary = await UploadAsync(size);

        Assert.Equal(size, summary.TotalBytes);
    }

    [Fact]
    public async Task An_upload_over_the_upload_limit_fails_with_resource_exhausted_upload_too_large()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => UploadAsync((int)GrpcProxyHost.MaxUploadBytes * 2));

        AssertTooLarge(error, "UPLOAD_TOO_LARGE", GrpcProxyHost.MaxUploadBytes);
    }

    [Fact]
    public async Task A_service_without_uploads_keeps_the_small_default()
    {
        var health = new Health.HealthClient(_host.Channel);
        // Half the limit reaches the service, which knows no service of that name.
        var reached = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(
            new HealthCheckRequest { Service = new string('x', (int)GrpcProxyHost.MaxRequestBodyBytes / 2) }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, reached.StatusCode);

        var error = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(
            new HealthCheckRequest { Service = new string('x', (int)GrpcProxyHost.MaxRequestBodyBytes) }).ResponseAsync);

        AssertTooLarge(error, "REQUEST_TOO_LARGE", GrpcProxyHost.MaxRequestBodyBytes);
    }

    [Fact]
    public async Task A_service_without_a_route_is_unimplemented()
    {
        var scanner = new Ideation.Contracts.Scanner.V1.ScannerService.ScannerServiceClient(_host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => scanner.GetEngineInfoAsync(new Ideation.Contracts.Scanner.V1.GetEngineInfoRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("ideation.scanner.v1.ScannerService", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("NOT_ROUTED", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    /// <summary>Streams <paramref name="size"/> bytes to Upload; a write refused because the call ended is left to the response to explain.</summary>
    private async Task<UploadSummary> UploadAsync(int size)
    {
        var client = new TranscodingTestService.TranscodingTestServiceClient(_host.Channel);
        using var call = client.Upload();
        try
        {
            await call.RequestStream.WriteAsync(new UploadRequest { Shelf = "shelves/s1", Chunk = new HttpBody { ContentType = "application/octet-stream" } });
            for (var sent = 0; sent < size; sent += ChunkSize)
            {
                var data = ByteString.CopyFrom(new byte[Math.Min(ChunkSize, size - sent)]);
                await call.RequestStream.WriteAsync(new UploadRequest { Chunk = new HttpBody { Data = data } });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or IOException)
        {
            // The proxy answered before the end of the stream: the response says why.
        }

        return await call.ResponseAsync;
    }

    private static void AssertTooLarge(RpcException error, string reason, long maxBytes)
    {
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal(reason, info.Reason);
        Assert.Equal("ideation.example.com", info.Domain);
        Assert.Equal(maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["maxBytes"]);
    }
}
