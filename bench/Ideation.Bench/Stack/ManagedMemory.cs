using System.Globalization;

namespace Ideation.Bench.Stack;

/// <summary>
/// What the .NET garbage collector holds, from a service's /metrics (as of its latest collection):
/// the part of the RSS that is managed memory, and how much of that is the large object heap, where
/// the 8 MiB part buffers live. Tells a leak apart from memory the GC or a pool keeps for reuse.
/// </summary>
/// <param name="Committed">Bytes committed by the GC.</param>
/// <param name="LargeObjectHeap">Bytes in the large object heap.</param>
public sealed record ManagedMemory(long Committed, long LargeObjectHeap)
{
    private const string CommittedMetric = "system_runtime_dotnet_gc_last_collection_memory_committed_size ";
    private const string LargeObjectHeapMetric = "system_runtime_dotnet_gc_last_collection_heap_size{gc_heap_generation=\"loh\"} ";

    public static async Task<ManagedMemory> ReadAsync(Uri metrics)
    {
        using var client = new HttpClient();
        var lines = (await client.GetStringAsync(metrics)).Split('\n');
        long Value(string prefix) =>
            (long)double.Parse(lines.Single(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..], CultureInfo.InvariantCulture);
        return new ManagedMemory(Value(CommittedMetric), Value(LargeObjectHeapMetric));
    }
}
