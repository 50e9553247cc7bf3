namespace Ideation.ServiceDefaults.Shutdown;

/// <summary>
/// Whether the process has begun to shut down. From that moment readiness answers 503 (and gRPC health
/// NOT_SERVING), so that whatever routes to the process stops choosing it while it finishes its work.
/// <see cref="DrainExpired"/> fires shortly before the drain timeout ends, for a process that would
/// rather answer what is still in flight than have it cut (the gateway).
/// </summary>
public sealed class DrainState : IDisposable
{
    private readonly CancellationTokenSource _expired = new();
    private volatile bool _draining;

    public bool IsDraining => _draining;

    /// <summary>Cancelled when the drain timeout is about to end with requests still in flight.</summary>
    public CancellationToken DrainExpired => _expired.Token;

    public void BeginDraining() => _draining = true;

    /// <summary>Schedules <see cref="DrainExpired"/> <paramref name="after"/> from now.</summary>
    public void ExpireAfter(TimeSpan after) => _expired.CancelAfter(after);

    public void Dispose() => _expired.Dispose();
}
