namespace Ideation.ServiceDefaults.Resilience;

/// <summary>
/// The deadline of the gRPC call this process is serving, if it has one, for the calls it makes to
/// other services while serving it (<see cref="DeadlineClientInterceptor"/>). Set by
/// <see cref="DeadlineServerInterceptor"/>; flows with the handler's async context.
/// </summary>
public static class IncomingDeadline
{
    private static readonly AsyncLocal<DateTime?> Current = new();

    /// <summary>The caller's deadline (UTC), or null when none came in (background work, no grpc-timeout).</summary>
    public static DateTime? Value => Current.Value;

    /// <summary>Makes <paramref name="deadline"/> the incoming deadline for the rest of this async flow.</summary>
    public static void Set(DateTime deadline) =>
        // grpc-dotnet reports "no deadline" as DateTime.MaxValue.
        Current.Value = deadline == DateTime.MaxValue ? null : deadline.ToUniversalTime();
}
