using Ideation.Messaging;
using Ideation.Scanner.Clamd;
using Ideation.ServiceDefaults.Metrics;
using Microsoft.Extensions.Options;

namespace Ideation.Scanner.Metrics;

/// <summary>
/// Asks every configured clamd for PING and VERSION every <see cref="MetricsOptions.RefreshInterval"/>
/// and publishes <see cref="ClamdMetrics"/>: a daemon that is down shows 0 even while the others
/// keep scanning, and signatures that freshclam stopped updating show their growing age.
/// </summary>
public sealed class ClamdMonitor(
    ClamdPool clamd,
    IOptions<MetricsOptions> options,
    TimeProvider clock,
    ILogger<ClamdMonitor> logger) : BackgroundLoop(clock, logger)
{
    protected override string Name => "clamd monitor";

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        foreach (var daemon in clamd.Daemons)
        {
            await MeasureAsync(daemon, cancellationToken);
        }

        return false;
    }

    private async Task MeasureAsync(ClamdClient daemon, CancellationToken cancellationToken)
    {
        if (!await daemon.PingAsync(cancellationToken))
        {
            ClamdMetrics.Silent(daemon.Endpoint);
            return;
        }

        try
        {
            var version = await daemon.VersionAsync(cancellationToken);
            ClamdMetrics.Answered(daemon.Endpoint, version.SignatureTime, Clock.GetUtcNow().UtcDateTime);
        }
        catch (ClamdException)
        {
            // It answered PING and then failed VERSION: stopping or restarting. The next pass tells.
            ClamdMetrics.Silent(daemon.Endpoint);
        }
    }
}
