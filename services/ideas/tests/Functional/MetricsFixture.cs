using Ideation.Ideas.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ideation.Ideas.Tests.Functional;

/// <summary>
/// The ideas service with its metrics loops running every 100 ms, and an outbox relay that runs only
/// when a test asks (<see cref="RelayOnceAsync"/>), so that a test sees the outbox before and after.
/// </summary>
public sealed class MetricsFixture : IdeasServiceFixture
{
    public Task<int> RelayOnceAsync() =>
        Services.GetServices<IHostedService>().OfType<IdeaEventsRelay>().Single().RunOnceAsync(CancellationToken.None);

    protected override IEnumerable<string> ExtraArguments() =>
    [
        "--Metrics:RefreshInterval=00:00:00.100",
        "--Metrics:RedisPingInterval=00:00:00.100",
        "--Ideas:Events:RelayPollInterval=01:00:00",
    ];
}
