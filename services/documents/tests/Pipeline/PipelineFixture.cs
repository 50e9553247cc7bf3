using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Pipeline;
using Ideation.Documents.Tests.Functional;
using Ideation.ServiceDefaults.Identity;
using Ideation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>
/// The documents service with its scan pipeline on a Redis stream of this fixture's own. The loops
/// wait an hour between passes (after the one each runs at start), so that tests drive every pass
/// themselves with RunOnceAsync and see exactly what one pass does.
/// </summary>
public class PipelineFixture : DocumentsServiceFixture
{
    public const int MaxClaims = 3;
    public const int MaxDeferrals = 4;

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan RequeueAfter = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private GrpcChannel? channel;

    public string Stream { get; } = $"test:scan-jobs:{Guid.NewGuid():N}";

    /// <summary>The Redis the service publishes to.</summary>
    public virtual string RedisEndpoint => SharedServers.Redis;

    /// <summary>Between passes of every loop; tests that want the loops running on their own shorten it.</summary>
    protected virtual TimeSpan LoopInterval => TimeSpan.FromHours(1);

    /// <summary>Off: tests run the relay's passes by hand, and a pass the service started on an upload would race them.</summary>
    protected virtual bool RelayOnCommit => false;

    public OutboxRelay Relay => Services.GetRequiredService<OutboxRelay>();
    public ScanReconciler Reconciler => Services.GetRequiredService<ScanReconciler>();
    public CleanupSweeper Sweeper => Services.GetRequiredService<CleanupSweeper>();

    /// <summary>A ScanVerdictService client calling as <paramref name="user"/>, or anonymously.</summary>
    public ScanVerdictService.ScanVerdictServiceClient Verdicts(TestUser? user)
    {
        channel ??= TestChannels.ForAddress($"http://127.0.0.1:{ServicePort}");
        var invoker = channel.CreateCallInvoker();
        return new ScanVerdictService.ScanVerdictServiceClient(user is null
            ? invoker
            : invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {user.Token}");
                return metadata;
            }));
    }

    /// <summary>A client with the scanner's service identity.</summary>
    public ScanVerdictService.ScanVerdictServiceClient Scanner() => Verdicts(TestUser.WithRoles("scanner", Roles.Scanner));

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings()
    {
        var interval = LoopInterval.ToString("c", CultureInfo.InvariantCulture);
        return
        [
            new("Documents:Redis:Configuration", RedisEndpoint),
            new("Documents:Scan:Stream", Stream),
            new("Documents:Scan:MaxClaims", MaxClaims.ToString(CultureInfo.InvariantCulture)),
            new("Documents:Scan:MaxDeferrals", MaxDeferrals.ToString(CultureInfo.InvariantCulture)),
            new("Documents:Scan:Lease", Lease.ToString("c", CultureInfo.InvariantCulture)),
            new("Documents:Scan:RequeueAfter", RequeueAfter.ToString("c", CultureInfo.InvariantCulture)),
            new("Documents:Quarantine:Retention", Retention.ToString("c", CultureInfo.InvariantCulture)),
            new("Documents:Scan:RelayPollInterval", interval),
            new("Documents:Scan:RelayOnCommit", RelayOnCommit ? "true" : "false"),
            new("Documents:Scan:ReconcileInterval", interval),
            new("Documents:Cleanup:Interval", interval),
        ];
    }

    public override async Task DisposeAsync()
    {
        channel?.Dispose();
        await base.DisposeAsync();
    }
}
