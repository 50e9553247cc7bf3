namespace Ideation.Bench.Measurement;

/// <summary>
/// Samples the resident set size (VmRSS) of a few processes every 50 ms on a thread of its own, so
/// that a busy thread pool during the uploads cannot delay the samples, and keeps the highest. VmHWM
/// would give the peak for free, but only since the process started: the bench needs the peak of
/// one measurement.
/// </summary>
public sealed class RssSampler : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly IReadOnlyDictionary<string, int> _pids;
    private readonly Dictionary<string, long> _peaks;
    private readonly Thread _thread;
    private volatile bool _stopping;

    private RssSampler(IReadOnlyDictionary<string, int> pids)
    {
        _pids = pids;
        _peaks = pids.ToDictionary(pid => pid.Key, _ => 0L);
        _thread = new Thread(Run) { IsBackground = true, Name = "rss-sampler" };
    }

    /// <summary>The current RSS of each process, in bytes.</summary>
    public static IReadOnlyDictionary<string, long> Now(IReadOnlyDictionary<string, int> pids) =>
        pids.ToDictionary(pid => pid.Key, pid => ProcFs.ResidentBytes(pid.Value)
            ?? throw new InvalidOperationException($"{pid.Key} (pid {pid.Value}) is gone."));

    public static RssSampler Start(IReadOnlyDictionary<string, int> pids)
    {
        var sampler = new RssSampler(pids);
        sampler.Sample();
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>Stops sampling (after one last sample) and returns each process's peak, in bytes.</summary>
    public IReadOnlyDictionary<string, long> Stop()
    {
        _stopping = true;
        _thread.Join();
        Sample();
        return _peaks;
    }

    public void Dispose()
    {
        if (!_stopping)
        {
            Stop();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            Thread.Sleep(Interval);
            Sample();
        }
    }

    private void Sample()
    {
        lock (_peaks)
        {
            foreach (var (name, pid) in _pids)
            {
                if (ProcFs.ResidentBytes(pid) is { } bytes && bytes > _peaks[name])
                {
                    _peaks[name] = bytes;
                }
            }
        }
    }
}
