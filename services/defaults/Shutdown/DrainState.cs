namespace Ideation.ServiceDefaults.Shutdown;

/// <summary>
/// Whether the process has begun to shut down. From that moment readiness answers 503 (and gRPC health
/// NOT_SERVING), so that whatever routes to the process stops choosing it while it finishes its work.
/// </summary>
public sealed class DrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void BeginDraining() => _draining = true;
}
