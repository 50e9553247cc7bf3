using Ideation.ServiceDefaults;

namespace Ideation.Scanner;

/// <summary>The scanner as a process: gRPC over h2c on the service port, probes and metrics on the management port.</summary>
public static class ScannerHost
{
    public static WebApplication Create(string[] args) =>
        GrpcServiceHosting.CreateGrpcServiceHost(args, "scanner",
            builder => builder.AddScannerApplication(),
            app => app.MapScannerApplication());
}
