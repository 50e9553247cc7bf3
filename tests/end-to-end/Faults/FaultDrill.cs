namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>What one fault did to readiness: the processes that answered not ready while it lasted.</summary>
public sealed record FaultObservation(string Fault, IReadOnlyCollection<string> ExpectedNotReady, IReadOnlyCollection<string> NotReady)
{
    public bool ReadinessAsExpected => ExpectedNotReady.Order(StringComparer.Ordinal).SequenceEqual(NotReady.Order(StringComparer.Ordinal));

    public override string ToString() =>
        $"{Fault}: not ready [{string.Join(", ", NotReady)}], expected [{string.Join(", ", ExpectedNotReady)}]";
}

/// <summary>
/// One fault under a running load: waits for acknowledged writes before it, kills the part, keeps it
/// down until the processes that depend on it report not ready (and at least a few seconds of load
/// have hit the outage), brings it back on the same port and data, and waits until every process is
/// ready again and the load gets writes acknowledged again.
/// </summary>
public static class FaultDrill
{
    private static readonly TimeSpan MinimumOutage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public static async Task<FaultObservation> RunAsync(Fault fault, MixedLoad load, ReadinessWatch readiness)
    {
        await Eventually.AssertAsync(() => Task.FromResult(readiness.AllReady), "every process is ready before the fault", Bound);
        readiness.Reset();
        // Before the fault: idea writes, and two uploads (a clean one and EICAR, which alternate).
        await WritesAcknowledgedAsync(load, "before the fault", uploads: 2);

        fault.Kill();
        var killed = DateTime.UtcNow;
        var requestsAtKill = load.Statistics.Requests;
        await Eventually.AssertAsync(
            () => Task.FromResult(fault.NotReady.All(process => !readiness.IsReady(process))
                && DateTime.UtcNow - killed >= MinimumOutage
                && load.Statistics.Requests >= requestsAtKill + 5),
            $"[{string.Join(", ", fault.NotReady)}] report not ready without {fault.Name}, under load", Bound);

        await fault.Restart();
        await Eventually.AssertAsync(() => Task.FromResult(readiness.AllReady), $"every process is ready again after {fault.Name} is back", Bound);
        await WritesAcknowledgedAsync(load, $"after {fault.Name} is back", uploads: 1);
        return new FaultObservation(fault.Name, fault.NotReady, readiness.EverNotReady);
    }

    private static async Task WritesAcknowledgedAsync(MixedLoad load, string when, int uploads)
    {
        var writes = load.Ledger.Writes;
        var uploaded = load.Ledger.Uploads.Count;
        try
        {
            await Eventually.AssertAsync(
                () => Task.FromResult(load.Ledger.Writes >= writes + 3 + uploads && load.Ledger.Uploads.Count >= uploaded + uploads),
                $"the load gets writes and {uploads} uploads acknowledged {when}", Bound);
        }
        catch (Xunit.Sdk.XunitException exception)
        {
            throw new Xunit.Sdk.XunitException($"{exception.Message}; the load so far: {load.Statistics}, {load.Ledger.Writes} writes and {load.Ledger.Uploads.Count} uploads acknowledged");
        }
    }
}
