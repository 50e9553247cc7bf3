using Ideation.Messaging;
using Ideation.Persistence.Metrics;
using Ideation.ServiceDefaults.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ideation.Ideas.Events;

/// <summary>
/// Refreshes <c>outbox_pending_rows</c> and <c>outbox_lag_seconds</c> of idea_outbox (outbox
/// "idea-events") every <see cref="MetricsOptions.RefreshInterval"/>: one cheap query per interval,
/// whatever the scrape rate.
/// </summary>
public sealed class IdeaOutboxGauges(
    NpgsqlDataSource dataSource,
    IOptions<MetricsOptions> options,
    TimeProvider clock,
    ILogger<IdeaOutboxGauges> logger) : BackgroundLoop(clock, logger)
{
    public const string Outbox = "idea-events";

    protected override string Name => "Idea outbox gauges";

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        await OutboxMetrics.RefreshAsync(dataSource, "idea_outbox", Outbox, Clock.GetUtcNow().UtcDateTime, cancellationToken);
        return false;
    }
}
