using Ideation.ServiceDefaults;

namespace Ideation.Ideas;

/// <summary>The ideas service as a process: gRPC over h2c on the service port, probes and metrics on the management port.</summary>
public static class IdeasHost
{
    public static WebApplication Create(string[] args) =>
        GrpcServiceHosting.CreateGrpcServiceHost(args, "ideas",
            builder => builder.AddIdeasApplication(),
            app => app.MapIdeasApplication());
}
