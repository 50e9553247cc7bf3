using Ideation.Documents.Api;
using Ideation.Documents.Persistence;
using Ideation.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Documents.Pipeline;

/// <summary>
/// Moves scan_outbox rows to the scan-job stream in Redis. Rows are committed with the change that
/// asks for a scan (an upload, a rescan, the reconciler), so no job is lost if Redis is down: it
/// waits here. Delivery is at least once: a crash between XADD and the commit publishes a job again,
/// which StartScan answers with DONE or IN_PROGRESS. Rows locked by another replica are skipped, so
/// several replicas relay side by side. Whoever commits a row wakes the relay (<see cref="JobsCommitted"/>),
/// and the relay announces the new jobs (<see cref="StreamNotices"/>): an idle scanner starts within
/// milliseconds of an upload, not after two polls.
/// </summary>
public sealed class OutboxRelay(
    IServiceScopeFactory scopes,
    IConnectionMultiplexer redis,
    IOptions<ScanOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundLoop(clock, logger)
{
    public const int BatchSize = 100;

    /// <summary>
    /// The job's fields, as the scanner reads them: the document's resource name, the generation in
    /// decimal, and the traceparent of the request that asked for the scan when there was one
    /// (<see cref="MessageTracing.TraceParentField"/>).
    /// </summary>
    public const string DocumentField = "document";
    public const string GenerationField = "generation";

    private readonly ScanOptions settings = options.Value;

    protected override string Name => "Outbox relay";

    protected override TimeSpan Interval => settings.RelayPollInterval;

    /// <summary>
    /// Called once a transaction that added outbox rows has committed: relays them now rather than at
    /// the next poll (unless passes are run by hand, <see cref="ScanOptions.RelayOnCommit"/>).
    /// </summary>
    public void JobsCommitted()
    {
        if (settings.RelayOnCommit)
        {
            Wake();
        }
    }

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken) == BatchSize;

    /// <summary>Publishes one batch of outbox rows, oldest first, and deletes them; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocumentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.ScanOutbox
            .FromSql($"SELECT * FROM scan_outbox ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        // The foreign key (with cascade) guarantees each row's document exists while the row is locked.
        var documentIds = rows.Select(row => row.DocumentId).Distinct().ToList();
        var ideaOf = await db.Documents
            .Where(document => documentIds.Contains(document.Id))
            .Select(document => new { document.Id, document.IdeaId })
            .ToDictionaryAsync(document => document.Id, document => document.IdeaId, cancellationToken);

        // One multiplexed connection pipelines the XADDs; any failure leaves every row for the next pass.
        var stream = redis.GetDatabase();
        await Task.WhenAll(rows.Select(row => stream.StreamAddAsync(
            settings.Stream,
            JobFields(row, ideaOf[row.DocumentId]),
            messageId: null,
            maxLength: settings.StreamMaxLength,
            useApproximateMaxLength: true)));

        var rowIds = rows.Select(row => row.Id).ToList();
        await db.ScanOutbox.Where(row => rowIds.Contains(row.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        StreamNotices.Publish(redis, settings.Stream);
        Logger.JobsPublished(rows.Count, settings.Stream);
        return rows.Count;
    }

    private static NameValueEntry[] JobFields(ScanOutboxRecord row, Guid ideaId)
    {
        NameValueEntry document = new(DocumentField, DocumentNames.Format(ideaId, row.DocumentId));
        NameValueEntry generation = new(GenerationField, row.Generation);
        return row.TraceParent is { } traceParent
            ? [document, generation, new NameValueEntry(MessageTracing.TraceParentField, traceParent)]
            : [document, generation];
    }
}
