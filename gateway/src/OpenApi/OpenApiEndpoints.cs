using System.Text.Json;
using Ideation.Gateway.Transcoding.Routing;

namespace Ideation.Gateway.OpenApi;

/// <summary>Serves the OpenAPI document of the REST surface.</summary>
public static class OpenApiEndpoints
{
    public const string DefaultPath = "/openapi/v1.json";

    /// <summary>
    /// Maps a GET of the OpenAPI 3.0 document generated from the HTTP rules that
    /// <c>AddRestTranscoding</c> registered. The document is built once, when this is called.
    /// </summary>
    public static IEndpointConventionBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints, string path = DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var routes = endpoints.ServiceProvider.GetService<RouteTable>()
            ?? throw new InvalidOperationException("MapOpenApiDocument describes the REST routes: call AddRestTranscoding first.");
        var document = OpenApiDocumentGenerator.Generate(routes, "Ideation API", "v1");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });

        return endpoints.MapGet(path, () => Results.Bytes(bytes, "application/json; charset=utf-8"))
            .WithDisplayName("OpenAPI document");
    }
}
