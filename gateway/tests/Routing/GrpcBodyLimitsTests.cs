using Ideation.Gateway.Routing;
using Ideation.Gateway.Transcoding;
using Yarp.ReverseProxy.Configuration;

namespace Ideation.Gateway.Tests.Routing;

public sealed class GrpcBodyLimitsTests
{
    private const long Upload = 64L * 1024 * 1024;
    private const long Small = 1024 * 1024;

    private static readonly GrpcBodyLimits Limits =
        new(ContractDescriptors.FromAssembly(typeof(Ideation.Contracts.Ideas.V1.IdeaService).Assembly), Upload, Small);

    [Theory]
    [InlineData("ideation.documents.v1.DocumentService", Upload)]
    [InlineData("ideation.ideas.v1.IdeaService", Small)]
    [InlineData("ideation.documents.v1.ScanVerdictService", Small)]
    [InlineData("no.such.v1.Service", Small)]
    public async Task A_grpc_route_gets_the_upload_limit_only_when_its_service_has_a_client_stream(string service, long expected)
    {
        var route = await Limits.ConfigureRouteAsync(Route(service), cluster: null, CancellationToken.None);

        Assert.Equal(expected, route.MaxRequestBodySize);
    }

    [Fact]
    public async Task A_limit_set_in_configuration_wins()
    {
        var configured = Route("ideation.ideas.v1.IdeaService") with { MaxRequestBodySize = 5000 };

        var route = await Limits.ConfigureRouteAsync(configured, cluster: null, CancellationToken.None);

        Assert.Equal(5000, route.MaxRequestBodySize);
    }

    [Fact]
    public async Task A_route_that_names_no_grpc_service_is_left_alone()
    {
        var plain = Route("ideation.ideas.v1.IdeaService") with { Metadata = null };

        var route = await Limits.ConfigureRouteAsync(plain, cluster: null, CancellationToken.None);

        Assert.Null(route.MaxRequestBodySize);
    }

    private static RouteConfig Route(string service) => new()
    {
        RouteId = service,
        ClusterId = "backend",
        Match = new RouteMatch { Path = $"/{service}/{{**method}}" },
        Metadata = new Dictionary<string, string> { [YarpGrpcBackend.ServiceMetadataKey] = service },
    };
}
