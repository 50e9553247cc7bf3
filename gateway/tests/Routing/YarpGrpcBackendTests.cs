using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.Gateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Ideation.Gateway.Tests.Routing;

/// <summary>
/// Which destination a transcoded call is given. The turn is shared by every call: a call sent again
/// after a refusal must not be given a destination that already refused it while another is listed.
/// </summary>
public sealed class YarpGrpcBackendTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Ideas = IdeaService.Descriptor;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_call_sent_again_goes_to_a_destination_that_has_not_refused_it(int destinationCount)
    {
        var addresses = Enumerable.Range(1, destinationCount).Select(port => $"http://127.0.0.1:{port}").ToArray();
        using var backend = Backend(addresses);

        // Other calls take 0 to 3 turns between a refusal and the call's next attempt: whatever the
        // turn has come to, the destinations that refused it are skipped.
        for (var otherCalls = 0; otherCalls < 4; otherCalls++)
        {
            for (var round = 0; round < destinationCount; round++)
            {
                var refused = new List<CallInvoker> { backend.For(Ideas) };
                for (var attempt = 2; attempt <= destinationCount; attempt++)
                {
                    for (var other = 0; other < otherCalls; other++)
                    {
                        backend.For(Ideas);
                    }

                    var next = backend.For(Ideas, refused);
                    Assert.DoesNotContain(next, refused);
                    refused.Add(next);
                }
            }
        }
    }

    [Fact]
    public void Destinations_are_taken_in_turn_and_every_one_is_given_again_once_all_refused()
    {
        using var backend = Backend("http://127.0.0.1:1", "http://127.0.0.1:2");
        var first = backend.For(Ideas);
        var second = backend.For(Ideas);
        Assert.NotSame(first, second);
        Assert.Same(first, backend.For(Ideas));

        var afterBoth = backend.For(Ideas, [first, second]);

        Assert.True(ReferenceEquals(afterBoth, first) || ReferenceEquals(afterBoth, second));
    }

    [Fact]
    public void No_available_destination_is_unavailable()
    {
        using var backend = Backend();

        var refused = Assert.Throws<RpcException>(() => backend.For(Ideas));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    private static YarpGrpcBackend Backend(params string[] addresses)
    {
        var destinations = addresses.Select((address, index) =>
            new DestinationState($"ideas-{index}", new DestinationModel(new DestinationConfig { Address = address }))).ToList();
        var cluster = new ClusterState("ideas") { DestinationsState = new ClusterDestinationsState(destinations, destinations) };
        var routes = new[]
        {
            new RouteConfig
            {
                RouteId = "ideas",
                ClusterId = "ideas",
                Match = new RouteMatch { Path = "/ideation.ideas.v1.IdeaService/{**method}" },
                Metadata = new Dictionary<string, string> { [YarpGrpcBackend.ServiceMetadataKey] = Ideas.FullName },
            },
        };
        return new YarpGrpcBackend(new OneCluster(cluster), new InMemoryConfigProvider(routes, []));
    }

    private sealed class OneCluster(ClusterState cluster) : IProxyStateLookup
    {
        public bool TryGetRoute(string id, out Yarp.ReverseProxy.Model.RouteModel route) => throw new NotSupportedException();

        public IEnumerable<Yarp.ReverseProxy.Model.RouteModel> GetRoutes() => [];

        public bool TryGetCluster(string id, out ClusterState cluster1)
        {
            cluster1 = cluster;
            return id == cluster.ClusterId;
        }

        public IEnumerable<ClusterState> GetClusters() => [cluster];
    }
}
