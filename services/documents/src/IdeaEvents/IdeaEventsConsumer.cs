using Ideation.Documents.Api;
using Ideation.Documents.Validation;
using Ideation.Messaging;
using Ideation.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ideation.Documents.IdeaEvents;

/// <summary>
/// Reads the ideas service's events stream through the documents consumer group and, for every
/// deleted idea, removes its documents and their objects. An event is acknowledged only after its
/// transaction committed, so a replica that dies mid-way leaves it to another (claimed after
/// ClaimIdle). Reads already refuse a deleted idea's documents (ideas answers NOT_FOUND), so this
/// is about not keeping bytes nobody can reach.
/// </summary>
public sealed partial class IdeaEventsConsumer : BackgroundLoop
{
    public const int BatchSize = 50;

    private readonly IServiceScopeFactory _scopes;
    private readonly RedisStreamConsumer _consumer;
    private readonly IdeaEventsOptions _settings;

    public IdeaEventsConsumer(
        IServiceScopeFactory scopes,
        IConnectionMultiplexer redis,
        IOptions<IdeaEventsOptions> options,
        TimeProvider clock,
        ILogger<IdeaEventsConsumer> logger,
        ILogger<RedisStreamConsumer> consumerLogger) : base(clock, logger)
    {
        _scopes = scopes;
        _settings = options.Value;
        _consumer = new RedisStreamConsumer(redis, new StreamConsumerOptions
        {
            Stream = _settings.Stream,
            Group = _settings.Group,
            ClaimIdle = _settings.ClaimIdle,
            PollDelay = _settings.PollInterval,
        }, consumerLogger, clock);
    }

    protected override string Name => "Idea events consumer";

    protected override TimeSpan Interval => _settings.PollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunOnceAsync(cancellationToken) == BatchSize;

    /// <summary>Handles one batch of events and acknowledges each once handled; returns how many were read.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var events = await _consumer.TryReadAsync(BatchSize, cancellationToken);
        foreach (var entry in events)
        {
            // In the trace of the request that deleted the idea.
            using var processing = MessageTracing.StartProcessing(_settings.Stream, entry.Id, entry.Field(MessageTracing.TraceParentField));
            if (entry.Field("event") == "idea.deleted" && ParseIdea(entry.Field("idea")) is { } ideaId)
            {
                await using var scope = _scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<IdeaDeletions>().RemoveDocumentsOfAsync(ideaId, cancellationToken);
                IdeaDocumentsRemoved(Logger, ideaId, removed);
            }

            // Other events (and malformed entries, which no retry can fix) need nothing from documents.
            await _consumer.AcknowledgeAsync(entry.Id);
        }

        return events.Count;
    }

    private static Guid? ParseIdea(string? name) =>
        name is null ? null : DocumentNames.ParseIdea(name, "idea", new FieldViolations());

    [LoggerMessage(200, LogLevel.Information, "Idea {IdeaId} was deleted: removed its {Count} document(s)")]
    private static partial void IdeaDocumentsRemoved(ILogger logger, Guid ideaId, int count);
}
