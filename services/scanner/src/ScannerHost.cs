using System.Net;
using Ideation.ServiceDefaults;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ideation.Scanner;

/// <summary>The scanner as a process: gRPC over h2c on the service port, probes and metrics on the management port.</summary>
public static class ScannerHost
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var hosting = builder.Configuration.GetHostingOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plain-text HTTP/2 only: without TLS there is no ALPN, so Http1AndHttp2 would mean HTTP/1.1.
            kestrel.Listen(IPAddress.Parse(hosting.BindAddress), hosting.ServicePort,
                listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ListenManagement(hosting);
        });

        builder.AddScannerApplication();
        var app = builder.Build();
        app.MapScannerApplication();
        return app;
    }
}
