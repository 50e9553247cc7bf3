using Ideation.Ideas.Api;
using Ideation.Ideas.Persistence;
using Ideation.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Ideas.Events;

/// <summary>
/// Moves idea_outbox rows to the events stream in Redis. A row is committed with the change it
/// reports, so no event is lost while Redis is down: it waits here. Delivery is at least once (a
/// crash between XADD and the commit publishes again); subscribers apply events idempotently. Rows
/// locked by another replica are skipped, so replicas relay side by side.
/// </summary>
public sealed class IdeaEventsRelay(
    IServiceScopeFactory scopes,
    IConnectionMultiplexer redis,
    IOptions<IdeaEventsOptions> options,
    TimeProvider clock,
    ILogger<IdeaEventsRelay> logger) : BackgroundLoop(clock, logger)
{
    public const int BatchSize = 100;

    private readonly IdeaEventsOptions _settings = options.Value;

    protected override string Name => "Idea events relay";

    protected override TimeSpan Interval => _settings.RelayPollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken) == BatchSize;

    /// <summary>Publishes one batch of outbox rows, oldest first, and deletes them; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdeasDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.IdeaOutbox
            .FromSql($"SELECT * FROM idea_outbox ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        var stream = redis.GetDatabase();
        await Task.WhenAll(rows.Select(row => stream.StreamAddAsync(_settings.Stream, EventFields(row))));

        var ids = rows.Select(row => row.Id).ToList();
        await db.IdeaOutbox.Where(row => ids.Contains(row.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private static NameValueEntry[] EventFields(IdeaOutboxRecord row)
    {
        NameValueEntry type = new(IdeaEventTypes.TypeField, row.EventType);
        NameValueEntry idea = new(IdeaEventTypes.IdeaField, IdeaNames.Format(row.IdeaId));
        return row.TraceParent is { } traceParent
            ? [type, idea, new NameValueEntry(MessageTracing.TraceParentField, traceParent)]
            : [type, idea];
    }
}
