using Google.Protobuf.Reflection;
using Ideation.Gateway.Transcoding.Json;
using Ideation.Gateway.Transcoding.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ideation.Gateway.Transcoding;

/// <summary>Registers and maps REST/JSON transcoding of the google.api.http rules of a set of proto files.</summary>
public static class TranscodingExtensions
{
    /// <summary>
    /// After every explicitly mapped endpoint (YARP's gRPC routes, health, OpenAPI), before
    /// <c>MapFallback</c>: the transcoder owns only what nothing else claims under its prefixes.
    /// </summary>
    private const int EndpointOrder = int.MaxValue - 1;

    /// <summary>
    /// Registers the route table built from <paramref name="files"/> (every service method with a
    /// google.api.http rule). The host registers the <see cref="IGrpcBackend"/>.
    /// </summary>
    public static IServiceCollection AddRestTranscoding(
        this IServiceCollection services, IEnumerable<FileDescriptor> files, Action<TranscodingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var contracts = files.ToArray();

        var options = services.AddOptions<TranscodingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(_ => RouteTable.Build(contracts));
        services.TryAddSingleton(_ => new ProtoJson(contracts));
        services.TryAddSingleton<TranscodingHandler>();
        return services;
    }

    /// <summary>
    /// Maps the REST routes: one catch-all endpoint per literal first segment of the templates
    /// (<c>/v1/{**path}</c>), whose handler matches the rules itself and answers an unknown path with
    /// a JSON <c>google.rpc.Status</c> (NOT_FOUND). Returns a convention builder over all of them, for
    /// <c>.RequireAuthorization()</c> and the like.
    /// </summary>
    public static IEndpointConventionBuilder MapRestTranscoding(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var routes = services.GetRequiredService<RouteTable>();
        var handler = services.GetRequiredService<TranscodingHandler>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TranscodingExtensions).FullName!);
        foreach (var skipped in routes.Skipped)
        {
            TranscodingLog.MethodSkipped(logger, skipped);
        }

        TranscodingLog.RoutesMapped(logger, routes.Routes.Count, string.Join(", ", routes.EndpointPatterns));

        var group = endpoints.MapGroup("");
        foreach (var pattern in routes.EndpointPatterns)
        {
            group.Map(pattern, handler.HandleAsync)
                .WithDisplayName($"REST transcoding {pattern}")
                .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = EndpointOrder);
        }

        return group;
    }
}
