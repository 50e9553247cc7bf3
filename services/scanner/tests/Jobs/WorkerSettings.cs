using System.Globalization;
using Ideation.Testing;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>How a test runs the scanner: which servers it talks to and the worker's and metrics loops' timings, shortened for tests.</summary>
public sealed class WorkerSettings
{
    public string Redis { get; set; } = SharedServers.Redis;
    public List<string> Clamd { get; set; } = [SharedServers.Clamd];
    public string S3 { get; set; } = SharedServers.S3;
    public int DocumentsPort { get; set; }
    public string Consumer { get; set; } = $"scanner-{Guid.NewGuid():N}"[..16];
    public int MaxAttempts { get; set; } = 3;
    public int Concurrency { get; set; } = 2;
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromMinutes(11);
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Arguments(string stream, string group) =>
    [
        .. Clamd.Select((endpoint, index) => $"--Scanner:Clamd:Endpoints:{index}={endpoint}"),
        $"--Scanner:Redis:Configuration={Redis}",
        $"--Scanner:Documents:Address=http://127.0.0.1:{DocumentsPort}",
        $"--Scanner:Storage:ServiceUrl={S3}",
        "--Scanner:Storage:ForcePathStyle=true",
        "--Scanner:Storage:AccessKey=S3RVER",
        "--Scanner:Storage:SecretKey=S3RVER",
        $"--Scanner:Jobs:Stream={stream}",
        $"--Scanner:Jobs:Group={group}",
        $"--Scanner:Jobs:Consumer={Consumer}",
        $"--Scanner:Jobs:Concurrency={Concurrency}",
        $"--Scanner:Jobs:MaxAttempts={MaxAttempts}",
        $"--Scanner:Jobs:ClaimIdle={Span(ClaimIdle)}",
        $"--Scanner:Jobs:ScanTimeout={Span(ScanTimeout)}",
        "--Scanner:Jobs:ClaimInterval=00:00:00.200",
        "--Scanner:Jobs:PollDelay=00:00:00.050",
        "--Scanner:Jobs:RetryDelay=00:00:00.100",
        "--Scanner:Jobs:ResumeDelay=00:00:00.500",
        "--Scanner:Jobs:ClamdCheckInterval=00:00:00.200",
        "--Scanner:Jobs:StorageCheckInterval=00:00:00.200",
        "--Scanner:Jobs:StorageCheckMaxInterval=00:00:01",
        "--Metrics:RefreshInterval=00:00:00.100",
        "--Metrics:RedisPingInterval=00:00:00.100",
    ];

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
