using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Ideation.Persistence.Metrics;

/// <summary>
/// <c>db_active_connections</c>, <c>db_idle_connections</c>, <c>db_max_connections</c> and
/// <c>db_pending_connection_requests</c>, from the pool statistics Npgsql reports on its "Npgsql"
/// meter (the pools' own counts are not public API). Only the pools of the data sources built by
/// <see cref="PostgresConnections.CreateDataSource"/> count: the readiness probe's pool, tests' and
/// tools' connections stay out. Values are read when Prometheus scrapes.
/// </summary>
internal static class ConnectionPoolMetrics
{
    private const string NpgsqlMeter = "Npgsql";
    private const string ConnectionCount = "db.client.connection.count";
    private const string ConnectionMax = "db.client.connection.max";
    private const string PendingRequests = "db.client.connection.npgsql.pending_requests";
    private const string PoolNameTag = "db.client.connection.pool.name";
    private const string StateTag = "db.client.connection.state";

    private static readonly Gauge Active = Prometheus.Metrics.CreateGauge(
        "db_active_connections", "Pooled PostgreSQL connections in use.");

    private static readonly Gauge Idle = Prometheus.Metrics.CreateGauge(
        "db_idle_connections", "Pooled PostgreSQL connections open and idle.");

    private static readonly Gauge Max = Prometheus.Metrics.CreateGauge(
        "db_max_connections", "The most connections the pool opens (Maximum Pool Size).");

    private static readonly Gauge Pending = Prometheus.Metrics.CreateGauge(
        "db_pending_connection_requests", "Callers waiting for a pooled connection.");

    private static readonly ConcurrentDictionary<string, bool> Pools = new(StringComparer.Ordinal);

    /// <summary>Pending requests come as +1 and -1 as they happen, so they are summed as they arrive.</summary>
    private static readonly ConcurrentDictionary<string, PendingCount> PendingByPool = new(StringComparer.Ordinal);

    private static readonly Lock Sync = new();
    private static MeterListener? listener;
    private static long used;
    private static long idle;
    private static long max;

    /// <summary>
    /// Counts the pool named <paramref name="poolName"/> from now on. Called before its data source
    /// exists, so that no pending request is seen ending without having been seen starting.
    /// </summary>
    public static void Track(string poolName)
    {
        Pools.TryAdd(poolName, true);
        lock (Sync)
        {
            if (listener is not null)
            {
                return;
            }

            listener = new MeterListener
            {
                InstrumentPublished = (instrument, meterListener) =>
                {
                    if (instrument.Meter.Name == NpgsqlMeter && instrument.Name is ConnectionCount or ConnectionMax or PendingRequests)
                    {
                        meterListener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
            listener.Start();
            Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(Refresh);
        }
    }

    /// <summary>Asks Npgsql for the pools' current counts, then publishes the sums over the tracked pools.</summary>
    private static void Refresh()
    {
        lock (Sync)
        {
            used = idle = max = 0;
            // Runs the observable instruments' callbacks, which land in OnMeasurement on this thread.
            listener!.RecordObservableInstruments();
            Active.Set(used);
            Idle.Set(idle);
            Max.Set(max);
            Pending.Set(Math.Max(0, PendingByPool.Where(pool => Pools.ContainsKey(pool.Key)).Sum(pool => Interlocked.Read(ref pool.Value.Value))));
        }
    }

    private static void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null;
        string? state = null;
        foreach (var tag in tags)
        {
            if (tag.Key == PoolNameTag)
            {
                pool = tag.Value as string;
            }
            else if (tag.Key == StateTag)
            {
                state = tag.Value as string;
            }
        }

        if (pool is null)
        {
            return;
        }

        if (instrument.Name == PendingRequests)
        {
            Interlocked.Add(ref PendingByPool.GetOrAdd(pool, _ => new PendingCount()).Value, value);
            return;
        }

        if (!Pools.ContainsKey(pool))
        {
            return;
        }

        switch (instrument.Name)
        {
            case ConnectionMax:
                max += value;
                break;
            case ConnectionCount when state == "used":
                used += value;
                break;
            case ConnectionCount when state == "idle":
                idle += value;
                break;
        }
    }

    private sealed class PendingCount
    {
        public long Value;
    }
}
