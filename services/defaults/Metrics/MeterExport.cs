using System.Diagnostics.Metrics;
using Prometheus;

namespace Ideation.ServiceDefaults.Metrics;

/// <summary>
/// Which .NET meters prometheus-net's adapter publishes on /metrics: every one but ASP.NET Core's
/// memory pool meter. That meter records a measurement for every buffer Kestrel rents, one per 4 KiB
/// block of every request and response body, and each measurement costs the adapter a lookup, a lease
/// and a lock: profiled during uploads, it was the largest item of managed CPU per byte in the gateway
/// and documents. Without a listener Kestrel skips the recording altogether.
/// </summary>
public static class MeterExport
{
    /// <summary>ASP.NET Core's memory pool meter (<c>aspnetcore.memory_pool.*</c>), recorded per rented block.</summary>
    public const string PerBufferMeter = "Microsoft.AspNetCore.MemoryPool";

    /// <summary>
    /// Applies the filter to the default registry's adapter. prometheus-net starts the adapter at the
    /// first scrape, so calling this while the application is built is early enough; calling it again
    /// changes nothing.
    /// </summary>
    public static void Configure() =>
        Prometheus.Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate = IsPublished);

    public static bool IsPublished(Instrument instrument) => instrument.Meter.Name != PerBufferMeter;
}
