using Ideation.Contracts.Scanner.V1;
using Ideation.Scanner.Api;
using Ideation.Scanner.Clamd;
using Ideation.Scanner.Jobs;
using Ideation.Scanner.Metrics;
using Ideation.ServiceDefaults;
using Ideation.ServiceDefaults.Identity;

namespace Ideation.Scanner;

/// <summary>The scanner's wiring.</summary>
public static class ScannerApplication
{
    public const string ClamdSection = "Scanner:Clamd";

    /// <summary>Largest gRPC message accepted: a ScanStream chunk of up to 4 MiB plus framing.</summary>
    private const int MaxMessageBytes = 4 * 1024 * 1024 + 1024;

    public static WebApplicationBuilder AddScannerApplication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // One pool of clamd daemons for the gRPC API, the job worker and readiness alike.
        var clamd = new ClamdPool(builder.Configuration.GetSection(ClamdSection).Get<ClamdOptions>() ?? new ClamdOptions());
        services.AddSingleton(clamd);
        services.AddSingleton(TimeProvider.System);
        services.AddBearerTokens(builder.Configuration);
        services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = MaxMessageBytes);

        // Without clamd the scanner can do nothing useful: readiness (and gRPC health) follow PING,
        // ready while at least one daemon answers.
        services.AddGrpcServiceDefaults(ScannerService.Descriptor.FullName)
            .AddDependencyCheck("clamd", clamd.AnswersAsync, required: true);
        services.AddHostedService<ClamdMonitor>();
        builder.AddScanJobs();
        return builder;
    }

    public static WebApplication MapScannerApplication(this WebApplication app)
    {
        app.UseGrpcServiceDefaults();
        app.MapGrpcService<ScannerGrpcService>();
        app.MapGrpcServiceDefaults();
        return app;
    }
}
