using System.Net;
using Google.Protobuf.Reflection;
using Ideation.Gateway.OpenApi;
using Ideation.Gateway.Transcoding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ideation.Gateway.Tests.Transcoding.Support;

/// <summary>
/// A small web application like the gateway: REST transcoding (and its OpenAPI document) over an
/// <see cref="IGrpcBackend"/>, on a real Kestrel loopback port over HTTP/1.1.
/// </summary>
public sealed class TranscoderHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TranscoderHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<TranscoderHost> StartAsync(
        IGrpcBackend backend, IEnumerable<FileDescriptor> files, Action<TranscodingOptions>? configure = null, Action<WebApplication>? mapMore = null,
        CapturedLogs? logs = null)
    {
        var (app, port) = await StartWebApplicationAsync(HttpProtocols.Http1, builder =>
        {
            if (logs is not null)
            {
                // Every level, whatever the configuration's default filter says.
                builder.Logging.AddProvider(logs);
                builder.Logging.AddFilter<CapturedLogs>(_ => true);
            }

            builder.Services.AddSingleton(backend);
            builder.Services.AddRestTranscoding(files, configure);
        }, app =>
        {
            mapMore?.Invoke(app);
            app.MapOpenApiDocument();
            app.MapRestTranscoding();
        });
        return new TranscoderHost(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
    }

    /// <summary>Starts a web application on a free loopback port and returns it with the port Kestrel bound.</summary>
    internal static async Task<(WebApplication App, int Port)> StartWebApplicationAsync(
        HttpProtocols protocols, Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        ListenOptions? endpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            endpoint = listen;
        }));
        configure(builder);

        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // Kestrel replaces the endpoint with the one it bound, port included.
        return (app, endpoint!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
