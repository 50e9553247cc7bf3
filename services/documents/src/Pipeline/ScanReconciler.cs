using Ideation.Documents.Persistence;
using Ideation.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ideation.Documents.Pipeline;

/// <summary>
/// PostgreSQL is the record of which scans are owed, Redis only carries jobs. The reconciler queues a
/// scan again (an outbox row, enqueue_time now) when its claim's lease ran out without a verdict (a
/// scanner died mid-scan), or when nobody claimed it for <see cref="ScanOptions.RequeueAfter"/> (Redis
/// lost the job, or no scanner ran). So a Redis that forgets everything, or a dead scanner, delays
/// scans but loses none.
/// </summary>
public sealed class ScanReconciler(
    IServiceScopeFactory scopes,
    IOptions<ScanOptions> options,
    TimeProvider clock,
    ILogger<ScanReconciler> logger) : BackgroundLoop(clock, logger)
{
    public const int BatchSize = 100;

    private readonly ScanOptions settings = options.Value;

    protected override string Name => "Scan reconciler";

    protected override TimeSpan Interval => settings.ReconcileInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken) == BatchSize;

    /// <summary>Queues one batch of stalled scans again; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocumentsDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var queuedBefore = now - settings.RequeueAfter;

        // The expired lease is cleared as the scan is queued again, so that the next pass waits
        // RequeueAfter before repeating it rather than queueing it on every pass. A document shown
        // SCANNING is PENDING again; one with an earlier verdict (a rescan of a CLEAN document) keeps it.
        // The WHERE clause matches the partial index on enqueue_time for scans owed a verdict. The
        // outbox row has no traceparent: the request that asked for the scan ended long ago, so the
        // scan queued again starts a trace of its own.
        var requeued = await db.Database.ExecuteSqlAsync($"""
            WITH stalled AS (
                SELECT id FROM documents
                WHERE scan_generation > verdict_generation
                  AND ((lease_expire_time IS NOT NULL AND lease_expire_time <= {now})
                       OR (lease_expire_time IS NULL AND enqueue_time <= {queuedBefore}))
                ORDER BY enqueue_time
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
            ), requeued AS (
                UPDATE documents AS d
                SET enqueue_time = {now},
                    lease_expire_time = NULL,
                    scanner = NULL,
                    scan_state = CASE WHEN d.scan_state = {ScanStateWords.Scanning} THEN {ScanStateWords.Pending} ELSE d.scan_state END
                FROM stalled
                WHERE d.id = stalled.id
                RETURNING d.id, d.scan_generation
            )
            INSERT INTO scan_outbox (document_id, generation, create_time)
            SELECT id, scan_generation, {now} FROM requeued
            """, cancellationToken);
        if (requeued > 0)
        {
            Logger.ScansRequeued(requeued);
        }

        return requeued;
    }
}
