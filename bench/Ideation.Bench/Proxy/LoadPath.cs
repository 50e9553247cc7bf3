using Ideation.Bench.Harness;
using Ideation.Bench.Load;

namespace Ideation.Bench.Proxy;

/// <summary>
/// One way to GetIdea the seeded idea (gRPC through a proxy, REST through the gateway, REST from the
/// in-process transcoder, gRPC straight to the service), with the process whose CPU it measures.
/// </summary>
/// <param name="Measured">The process whose CPU is read; null for the direct path (only latency counts there).</param>
/// <param name="Request">The h2load request, given a concurrency and a duration.</param>
/// <param name="ResponseBytes">The DATA bytes of one answer.</param>
internal sealed record LoadPath(string Name, PinnedProcess? Measured, Func<int, int, TimeSpan, H2LoadRequest> Request, long ResponseBytes)
{
    public async Task<LoadSample> MeasureAsync(int clients, int streams, TimeSpan duration)
    {
        // On a machine shared with builds, a run can end before its first answer: run longer then.
        for (var attempt = 1; ; attempt++)
        {
            var cpuBefore = Measured?.CpuSeconds() ?? 0;
            H2LoadResult result;
            try
            {
                result = await H2Load.RunAsync(Request(clients, streams, duration), ProxySettings.LoadCore);
            }
            catch (TimeoutException) when (attempt < 3)
            {
                continue;
            }

            var cpu = (Measured?.CpuSeconds() ?? 0) - cpuBefore;
            if (result.Succeeded == 0 || result.Latency is null)
            {
                if (attempt < 3)
                {
                    duration *= 2;
                    continue;
                }

                throw new InvalidOperationException($"No request through {Name} succeeded ({result.Failed} failed, {result.Errored} errored).");
            }

            var bodiesChecked = result.BodiesAre(ResponseBytes) && result.Failed == 0 && result.Errored == 0;
            return new LoadSample(
                result.RequestsPerSecond,
                cpu * 1000 / result.Succeeded,
                cpu / result.Elapsed.TotalSeconds,
                result.Latency,
                bodiesChecked ? null : $"{result.DataBytes} DATA bytes for {result.Succeeded} answers of {ResponseBytes} ({result.Started} started, {result.Status2xx} 2xx, {result.Failed} failed, {result.Errored} errored)");
        }
    }
}
