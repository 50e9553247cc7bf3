using System.Globalization;
using Amazon.S3;
using Ideation.Testing;
using Npgsql;
using StackExchange.Redis;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// The whole platform as it runs in production, on this machine: the ideas, documents and scanner
/// services and the gateway as separate processes, on PostgreSQL (the shared test server, databases of
/// their own), and on Redis, clamd and the S3 server of their own, so that tests can kill and restart
/// any part. Timings (leases, claim idle time, reconcile interval) are short so that recovery happens
/// within a test; the mechanisms are the production ones. Every process exports its spans to an
/// OTLP receiver in the test process, as it would to a collector. A platform that kills PostgreSQL
/// too runs a PostgreSQL server of its own instead of the shared one (<see cref="FaultPlatform"/>).
/// </summary>
public class Platform : IAsyncLifetime
{
    /// <summary>
    /// The upload limit given to documents; clamd's stream limit is above it, as required. Room for a
    /// file that hides EICAR after 10 MiB of padding, which must reach the scanner.
    /// </summary>
    public const int UploadLimitBytes = 12 * 1024 * 1024;

    /// <summary>clamd's StreamMaxLength, MaxFileSize and MaxScanSize.</summary>
    public const int ClamdLimitMegabytes = 20;

    public const string DocumentsBucket = "ideation-documents";
    public const string QuarantineBucket = "ideation-quarantine";
    public const string ScanJobsStream = "ideation:scan-jobs";

    /// <summary>
    /// Secrets the processes are configured with and must never log. The S3 server does not check
    /// signatures and the test PostgreSQL trusts local connections, so any value works.
    /// </summary>
    public const string StorageSecretKey = "e2e-storage-secret-never-logged";
    public const string DatabasePassword = "e2e-database-password-never-logged";

    private readonly string _logDirectory = Directory.CreateTempSubdirectory("ideation-e2e-logs-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private readonly bool _ownPostgres;

    public Platform()
        : this(ownPostgres: false)
    {
    }

    /// <param name="ownPostgres">Whether to start a PostgreSQL server for this platform alone, which tests may kill.</param>
    protected Platform(bool ownPostgres)
    {
        _ownPostgres = ownPostgres;
    }

    public TestCertificate Certificate { get; } = new();
    public LocalServer Redis { get; private set; } = null!;
    public LocalServer S3 { get; private set; } = null!;
    public LocalServer Clamd { get; private set; } = null!;

    /// <summary>The platform's own PostgreSQL server; null when it uses the shared one.</summary>
    public LocalPostgres? Postgres { get; private set; }

    /// <summary>Where every process exports its spans.</summary>
    public OtlpReceiver Otlp { get; private set; } = null!;
    public ServiceProcess Ideas { get; private set; } = null!;
    public ServiceProcess Documents { get; private set; } = null!;
    public ServiceProcess Scanner { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The second ideas and documents instances, on the same databases; null unless <see cref="TwoInstances"/>.</summary>
    public ServiceProcess? Ideas2 { get; private set; }
    public ServiceProcess? Documents2 { get; private set; }

    /// <summary>
    /// Whether ideas and documents run twice behind the gateway (<see cref="TwoInstancePlatform"/>): then
    /// the gateway balances over both with active health checks on their readiness, documents and the
    /// scanner balance their own calls over both, and SIGTERM drains each instance.
    /// </summary>
    protected virtual bool TwoInstances => false;

    /// <summary>
    /// In the two-instance platform: how long a service keeps serving, not ready, before it stops
    /// accepting: more than two gateway probes and a balanced channel's health check, with a margin.
    /// </summary>
    public static readonly TimeSpan ServiceShutdownDelay = TimeSpan.FromSeconds(4);

    /// <summary>In the two-instance platform: how often the gateway probes each instance's readiness.</summary>
    public static readonly TimeSpan HealthProbeInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>In the two-instance platform: the gateway's drain timeout, after its own shutdown delay of one second.</summary>
    public static readonly TimeSpan GatewayDrainTimeout = TimeSpan.FromSeconds(4);
    public string IdeasDatabase { get; private set; } = "";
    public string DocumentsDatabase { get; private set; } = "";
    public int GatewayPort { get; } = FreePort.Next();

    /// <summary>The ideas service's gRPC port (h2c), for calls that bypass the gateway.</summary>
    public int IdeasServicePort { get; } = FreePort.Next();

    /// <summary>The documents service's gRPC port (h2c), for calls that bypass the gateway.</summary>
    public int DocumentsServicePort { get; } = FreePort.Next();

    public Uri GatewayAddress => new($"https://localhost:{GatewayPort}");

    /// <summary>The platform's own processes, the gateway first.</summary>
    public IReadOnlyList<ServiceProcess> Processes => [Gateway, Ideas, Documents, Scanner];

    public async Task InitializeAsync()
    {
        Otlp = await OtlpReceiver.StartAsync();
        Redis = await LocalServer.StartRedisAsync();
        S3 = await LocalServer.StartS3Async();
        Clamd = await LocalServer.StartClamdAsync(ClamdLimitMegabytes);
        if (_ownPostgres)
        {
            Postgres = await LocalPostgres.StartAsync();
            IdeasDatabase = await Postgres.CreateDatabaseAsync("e2e_ideas");
            DocumentsDatabase = await Postgres.CreateDatabaseAsync("e2e_documents");
        }
        else
        {
            IdeasDatabase = await PostgresServer.CreateDatabaseAsync("e2e_ideas");
            DocumentsDatabase = await PostgresServer.CreateDatabaseAsync("e2e_documents");
        }

        var ideasPort = IdeasServicePort;
        var documentsPort = DocumentsServicePort;
        var scannerPort = FreePort.Next();
        var ideas2Port = FreePort.Next();
        var documents2Port = FreePort.Next();
        var ideasAddresses = TwoInstances ? new[] { $"http://127.0.0.1:{ideasPort}", $"http://127.0.0.1:{ideas2Port}" } : [$"http://127.0.0.1:{ideasPort}"];
        var documentsAddresses = TwoInstances ? new[] { $"http://127.0.0.1:{documentsPort}", $"http://127.0.0.1:{documents2Port}" } : [$"http://127.0.0.1:{documentsPort}"];

        (string, string)[] IdeasSettings(int port) =>
        [
            ("ConnectionStrings:Ideas", WithPassword(IdeasDatabase)),
            ("Ideas:Events:Redis", Redis.Endpoint),
            ("Hosting:ServicePort", Port(port)),
            .. Draining(ServiceShutdownDelay),
        ];
        (string, string)[] DocumentsSettings(int port) =>
        [
            ("ConnectionStrings:Documents", WithPassword(DocumentsDatabase)),
            ("Hosting:ServicePort", Port(port)),
            .. Addresses("Documents:Ideas", ideasAddresses),
            ("Documents:Redis:Configuration", Redis.Endpoint),
            ("Documents:Storage:ServiceUrl", S3.Url),
            ("Documents:Storage:ForcePathStyle", "true"),
            ("Documents:Storage:AccessKey", "S3RVER"),
            ("Documents:Storage:SecretKey", StorageSecretKey),
            ("Documents:Storage:CreateBuckets", "true"),
            ("Documents:Storage:PresignedUrlLifetime", "00:00:03"),
            ("Documents:Upload:MaxBytes", Port(UploadLimitBytes)),
            ("Documents:Upload:ScannerStreamLimitBytes", Port(ClamdLimitMegabytes * 1024 * 1024)),
            ("Documents:Scan:Lease", "00:00:05"),
            ("Documents:Scan:ReconcileInterval", "00:00:01"),
            ("Documents:Scan:RequeueAfter", "00:00:04"),
            ("Documents:Cleanup:Interval", "00:00:01"),
            .. Draining(ServiceShutdownDelay),
        ];

        Ideas = Add(new ServiceProcess("ideas", "services/ideas/src", "Ideation.Ideas", FreePort.Next(), Settings(IdeasSettings(ideasPort)), _logDirectory));
        Documents = Add(new ServiceProcess("documents", "services/documents/src", "Ideation.Documents", FreePort.Next(), Settings(DocumentsSettings(documentsPort)), _logDirectory));
        if (TwoInstances)
        {
            Ideas2 = Add(new ServiceProcess("ideas-2", "services/ideas/src", "Ideation.Ideas", FreePort.Next(), Settings(IdeasSettings(ideas2Port)), _logDirectory));
            Documents2 = Add(new ServiceProcess("documents-2", "services/documents/src", "Ideation.Documents", FreePort.Next(), Settings(DocumentsSettings(documents2Port)), _logDirectory));
        }

        Scanner = Add(new ServiceProcess("scanner", "services/scanner/src", "Ideation.Scanner", FreePort.Next(), Settings(
        [
            ("Hosting:ServicePort", Port(scannerPort)),
            ("Scanner:Clamd:Endpoints:0", Clamd.Endpoint),
            .. Addresses("Scanner:Documents", documentsAddresses),
            ("Scanner:Redis:Configuration", Redis.Endpoint),
            ("Scanner:Storage:ServiceUrl", S3.Url),
            ("Scanner:Storage:ForcePathStyle", "true"),
            ("Scanner:Storage:AccessKey", "S3RVER"),
            ("Scanner:Storage:SecretKey", StorageSecretKey),
            ("Scanner:Jobs:ClaimIdle", "00:00:06"),
            // Storage checks back off to 4 s at most, not a minute: recovery within a test case.
            ("Scanner:Jobs:StorageCheckMaxInterval", "00:00:04"),
        ]), _logDirectory));
        Gateway = Add(new ServiceProcess("gateway", "gateway/src", "Ideation.Gateway", FreePort.Next(), Settings(
        [
            ("Gateway:HttpsPort", Port(GatewayPort)),
            ("Gateway:HttpPort", Port(FreePort.Next())),
            ("Gateway:CertificatePath", Certificate.CertificatePath),
            ("Gateway:CertificateKeyPath", Certificate.KeyPath),
            // The load comes from one address and few users: limits high enough never to refuse it.
            ("Gateway:RateLimits:Redis", Redis.Endpoint),
            ("Gateway:RateLimits:PerClientAddress:RequestsPerSecond", "100000"),
            ("Gateway:RateLimits:PerClientAddress:Burst", "100000"),
            ("Gateway:RateLimits:PerUser:RequestsPerSecond", "100000"),
            ("Gateway:RateLimits:PerUser:Burst", "100000"),
            .. Cluster("ideas", ideasAddresses, [Ideas, Ideas2]),
            .. Cluster("documents", documentsAddresses, [Documents, Documents2]),
            .. Draining(TimeSpan.FromSeconds(1), GatewayDrainTimeout),
        ]), _logDirectory));

        await Ideas.RunCommandAsync("migrate");
        await Documents.RunCommandAsync("migrate");
        await Ideas.StartAsync();
        await Documents.StartAsync();
        if (TwoInstances)
        {
            await Task.WhenAll(Ideas2!.StartAsync(), Documents2!.StartAsync());
        }

        await Task.WhenAll(Scanner.StartAsync(), Gateway.StartAsync());
    }

    /// <summary>A REST client over TLS that trusts the gateway's test certificate, with the given token.</summary>
    public HttpClient RestClient(string? token)
    {
        var client = new HttpClient(Certificate.CreateHandler()) { BaseAddress = GatewayAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>A client of the S3 server, to look at buckets the way an operator would.</summary>
    public AmazonS3Client StorageClient() => new(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = S3.Url,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public async Task<long> CountDocumentRowsAsync()
    {
        await using var connection = new NpgsqlConnection(DocumentsDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM documents", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<ConnectionMultiplexer> ConnectRedisAsync() =>
        await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { Redis.Endpoint }, AbortOnConnectFail = false });

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        await Otlp.DisposeAsync();
        await Redis.DisposeAsync();
        await S3.DisposeAsync();
        await Clamd.DisposeAsync();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }
        else
        {
            await PostgresServer.DropDatabaseAsync(IdeasDatabase);
            await PostgresServer.DropDatabaseAsync(DocumentsDatabase);
        }

        Certificate.Dispose();
        Directory.Delete(_logDirectory, recursive: true);
    }

    private ServiceProcess Add(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private Dictionary<string, string> Settings(params IEnumerable<(string Key, string Value)> settings)
    {
        var all = TestIdentity.Configuration.ToDictionary(pair => pair.Key, pair => pair.Value!);
        all["Hosting:BindAddress"] = "127.0.0.1";
        // Spans over OTLP/HTTP to the receiver, in batches sent every 200 ms instead of 5 s.
        all["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
        all["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        all["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>One address as <c>{section}:Address</c>, several as <c>{section}:Addresses</c>.</summary>
    private static (string, string)[] Addresses(string section, string[] addresses) => addresses.Length == 1
        ? [($"{section}:Address", addresses[0])]
        : addresses.Select((address, index) => ($"{section}:Addresses:{index}", address)).ToArray();

    /// <summary>
    /// A gateway cluster. With two instances: both as destinations, each probed on its management port's
    /// /ready, leaving the rotation at the second failed probe in a row.
    /// </summary>
    private (string, string)[] Cluster(string name, string[] addresses, ServiceProcess?[] instances)
    {
        if (!TwoInstances)
        {
            return [($"ReverseProxy:Clusters:{name}:Destinations:{name}:Address", addresses[0])];
        }

        var prefix = $"ReverseProxy:Clusters:{name}";
        var settings = new List<(string, string)>
        {
            ($"{prefix}:HealthCheck:Active:Enabled", "true"),
            ($"{prefix}:HealthCheck:Active:Interval", HealthProbeInterval.ToString()),
            ($"{prefix}:HealthCheck:Active:Timeout", "00:00:02"),
            ($"{prefix}:HealthCheck:Active:Policy", "ConsecutiveFailures"),
            ($"{prefix}:HealthCheck:Active:Path", "/ready"),
            // Two failed probes in a row: on a loaded machine a live instance's /ready can miss one
            // probe's timeout; a draining one still leaves within about a second, well inside its delay.
            ($"{prefix}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold", "2"),
        };
        for (var i = 0; i < addresses.Length; i++)
        {
            // The first instance takes the name of appsettings' one destination (http://ideas:5101 and
            // the like), replacing it: settings can add destinations but not remove one, and a leftover
            // unresolvable destination got calls whenever every probe had failed (YARP then offers all).
            var destination = i == 0 ? name : $"{name}-{i + 1}";
            settings.Add(($"{prefix}:Destinations:{destination}:Address", addresses[i]));
            settings.Add(($"{prefix}:Destinations:{destination}:Health", $"http://127.0.0.1:{instances[i]!.ManagementPort}"));
        }

        return [.. settings];
    }

    /// <summary>Graceful shutdown settings of the two-instance platform; none otherwise (the defaults).</summary>
    private (string, string)[] Draining(TimeSpan delay, TimeSpan? drainTimeout = null) => TwoInstances
        ? [("Hosting:ShutdownDelay", delay.ToString()), ("Hosting:DrainTimeout", (drainTimeout ?? TimeSpan.FromSeconds(30)).ToString())]
        : [];

    private static string WithPassword(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = DatabasePassword }.ConnectionString;

    private static string Port(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The platform with two instances of ideas and of documents, for rolling restarts.</summary>
public sealed class TwoInstancePlatform : Platform
{
    protected override bool TwoInstances => true;
}
