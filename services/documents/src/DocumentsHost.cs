using Ideation.ServiceDefaults;

namespace Ideation.Documents;

/// <summary>The documents service as a process: gRPC over h2c on the service port, probes and metrics on the management port.</summary>
public static class DocumentsHost
{
    public static WebApplication Create(string[] args) =>
        GrpcServiceHosting.CreateGrpcServiceHost(args, "documents",
            builder => builder.AddDocumentsApplication(),
            app => app.MapDocumentsApplication());
}
