using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// The addresses of a balanced service channel, narrowed to the instances whose gRPC health says
/// SERVING. Every instance is asked (grpc.health.v1 Check, the whole server) every
/// <see cref="ServiceChannels.HealthCheckInterval"/>, and at once when the channel reports a failed
/// connection. An instance turns NOT_SERVING the moment it starts draining (SIGTERM) and keeps serving
/// for Hosting:ShutdownDelay, so the channel stops choosing it before it stops listening, instead of
/// learning from a refused connection; a restarted instance is chosen again once it answers SERVING.
/// When no instance is serving, all of them are offered, so that calls get the service's own error
/// (a database outage, say) rather than the channel's "no address".
/// </summary>
internal sealed partial class HealthCheckedResolver : Resolver
{
    private readonly IReadOnlyList<(BalancerAddress Address, GrpcChannel Probe)> _instances;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private Action<ResolverResult>? _listener;
    private HashSet<string>? _published;
    private Task? _polling;

    public HealthCheckedResolver(IReadOnlyList<Uri> instances, TimeSpan interval, TimeSpan timeout, ILoggerFactory? loggerFactory)
    {
        _interval = interval;
        _timeout = timeout;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<HealthCheckedResolver>();
        // Each probe has a plain channel of its own: it asks one instance, whatever the balanced channel does.
        _instances = instances.Select(uri => (new BalancerAddress(uri.Host, uri.Port),
            GrpcChannel.ForAddress(uri))).ToList();
    }

    public override void Start(Action<ResolverResult> listener)
    {
        _listener = listener;
        // Every instance until the first answers: as a static list would, so that a channel is usable at once.
        Publish(_instances.Select(instance => instance.Address).ToList(), serving: _instances.Count);
        _polling = Task.Run(() => PollAsync(_stop.Token));
    }

    /// <summary>The channel asks after a failed connection: probe now rather than at the next interval.</summary>
    public override void Refresh()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A probe is due already.
        }
        catch (ObjectDisposedException)
        {
            // The channel is being disposed.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _polling?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Stopped.
            }

            foreach (var (_, probe) in _instances)
            {
                probe.Dispose();
            }

            _stop.Dispose();
            _wake.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task PollAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var answers = await Task.WhenAll(_instances.Select(instance => IsServingAsync(instance.Probe, stop)));
                if (stop.IsCancellationRequested)
                {
                    // Disposed while asking: the channel no longer listens.
                    return;
                }

                var serving = _instances.Where((_, index) => answers[index]).Select(instance => instance.Address).ToList();
                Publish(serving.Count > 0 ? serving : _instances.Select(instance => instance.Address).ToList(), serving.Count);
                await _wake.WaitAsync(_interval, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> IsServingAsync(GrpcChannel probe, CancellationToken stop)
    {
        try
        {
            var response = await new Health.HealthClient(probe).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + _timeout, cancellationToken: stop);
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            // Not listening, not answering in time, or not a gRPC server: not a place to send calls now.
            return false;
        }
    }

    private void Publish(IReadOnlyList<BalancerAddress> addresses, int serving)
    {
        var set = addresses.Select(address => address.EndPoint.ToString()).ToHashSet(StringComparer.Ordinal);
        if (_published is { } previous && previous.SetEquals(set))
        {
            return;
        }

        _published = set;
        LogRotation(_logger, string.Join(", ", addresses.Select(address => address.EndPoint)), serving, _instances.Count);
        _listener?.Invoke(ResolverResult.ForResult(addresses));
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information,
        Message = "Balancing calls over {Addresses} ({Serving} of {Instances} instances serving)")]
    private static partial void LogRotation(ILogger logger, string addresses, int serving, int instances);
}
