using System.Diagnostics;
using Ideation.Bench.Load;
using Npgsql;
using NpgsqlTypes;

namespace Ideation.Bench.Writes;

/// <summary>
/// The floor for CreateIdea: what the service commits for one idea (services/ideas CreateIdea: the
/// ideas row and its "created" history row in idea_events, nothing in the outbox), written by the
/// bench itself with raw Npgsql, as one batch that PostgreSQL runs as one transaction (one round trip,
/// as EF Core's SaveChanges sends it), from as many concurrent writers as the other contenders have
/// requests in flight, through a pool of the service's size.
/// </summary>
public sealed class RawInserts(NpgsqlDataSource dataSource, string author)
{
    private const string InsertIdea =
        "INSERT INTO ideas (id, title, description, category, tags, state, author, author_display_name, create_time, update_time, version) " +
        "VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $8, 1)";

    private const string InsertEvent =
        "INSERT INTO idea_events (idea_id, sequence, kind, actor, actor_display_name, create_time, to_state, changed_fields) " +
        "VALUES ($1, 1, 'created', $2, $3, $4, 'draft', '{}')";

    public async Task<LoadResult> RunAsync(int writers, TimeSpan duration, CreateIdeaContent content)
    {
        var latencies = new List<double>[writers];
        long failed = 0;
        NpgsqlException? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            var mine = latencies[writer] = [];
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await InsertAsync(content);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (NpgsqlException exception)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, exception, null);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(list => list).ToList();
        if (all.Count == 0 && firstError is not null)
        {
            throw new InvalidOperationException($"Every raw INSERT failed; the first with: {firstError.Message}", firstError);
        }

        var (p50, p99, p999) = LoadResult.Percentiles(all);
        return new LoadResult(all.Count, failed, elapsed, p50, p99, p999, 0);
    }

    private async Task InsertAsync(CreateIdeaContent content)
    {
        var id = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertIdea)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Guid> { TypedValue = id },
                        new NpgsqlParameter<string> { TypedValue = content.Title },
                        new NpgsqlParameter<string> { TypedValue = content.Description },
                        new NpgsqlParameter<string> { TypedValue = content.Category },
                        new NpgsqlParameter<string[]> { TypedValue = [] , NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter<string> { TypedValue = author },
                        new NpgsqlParameter<string> { TypedValue = author },
                        new NpgsqlParameter<DateTime> { TypedValue = now },
                    },
                },
                new NpgsqlBatchCommand(InsertEvent)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Guid> { TypedValue = id },
                        new NpgsqlParameter<string> { TypedValue = author },
                        new NpgsqlParameter<string> { TypedValue = author },
                        new NpgsqlParameter<DateTime> { TypedValue = now },
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }
}

/// <summary>The idea every contender creates, over and over.</summary>
public sealed record CreateIdeaContent(string Title, string Description, string Category);
