using Google.Api;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Documents;
using Ideation.Documents.Persistence;
using Ideation.Ideas;
using Ideation.Ideas.Persistence;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Ideation.Gateway.Tests.Transcoding.Equivalence;

/// <summary>
/// The documents service behind both transcoders, both sides on one real PostgreSQL database and one
/// pair of buckets on the S3 server, so that the same request gets the same answer from either side;
/// the real ideas service (in-process, its own database) decides who may see what. Seeds an idea of
/// Alice's with a PENDING and a CLEAN document, uploaded and scanned over native gRPC, as REST cannot
/// upload through Microsoft's transcoding and no user may record a verdict.
/// </summary>
public sealed class DocumentsPair : IAsyncLifetime
{
    public static readonly string Alice = TestIdentity.Submitter("docs-eq-alice");
    public static readonly string Bob = TestIdentity.Submitter("docs-eq-bob");
    public static readonly string Ada = TestIdentity.Admin("docs-eq-ada");
    private static readonly string Scanner = TestIdentity.Token("docs-eq-scanner", Ideation.ServiceDefaults.Identity.Roles.Scanner);

    private readonly int _ideasPort = FreePort.Next();
    private WebApplication? _ideas;
    private string _ideasConnectionString = "";
    private string _connectionString = "";

    public TranscodingPair Pair { get; private set; } = null!;

    /// <summary>Alice's draft idea, <c>ideas/{id}</c>.</summary>
    public string Idea { get; private set; } = "";

    /// <summary>A PENDING PDF of the idea (never scanned).</summary>
    public string Pending { get; private set; } = "";

    /// <summary>A CLEAN PDF of the idea, and its bytes.</summary>
    public string Clean { get; private set; } = "";

    public byte[] CleanBytes { get; } = Pdf(150 * 1024);

    public async Task InitializeAsync()
    {
        _ideasConnectionString = await PostgresServer.CreateDatabaseAsync("transcoding_documents_ideas");
        await IdeasDatabase.MigrateAsync(_ideasConnectionString, CancellationToken.None);
        _ideas = IdeasHost.Create(
        [
            "--environment=Production",
            "--Hosting:BindAddress=127.0.0.1",
            $"--Hosting:ServicePort={_ideasPort}",
            $"--Hosting:ManagementPort={FreePort.Next()}",
            $"--ConnectionStrings:Ideas={_ideasConnectionString}",
            $"--Ideas:Events:Redis={SharedServers.Redis}",
            $"--Ideas:Events:Stream=transcoding:idea-events:{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
        ]);
        await _ideas.StartAsync();

        _connectionString = await PostgresServer.CreateDatabaseAsync("transcoding_documents");
        await DocumentsDatabase.MigrateAsync(_connectionString, CancellationToken.None);
        var settings = Settings();
        Pair = await TranscodingPair.StartAsync(new HostedService(
            Configure: (builder, _) =>
            {
                builder.Configuration.AddInMemoryCollection([.. TestIdentity.Configuration, .. settings]);
                builder.AddDocumentsApplication();
            },
            Map: app => app.MapDocumentsApplication(),
            Files: [DocumentsReflection.Descriptor]));

        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await Pair.DisposeAsync();
        if (_ideas is not null)
        {
            await _ideas.StopAsync();
            await _ideas.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(_connectionString);
        await PostgresServer.DropDatabaseAsync(_ideasConnectionString);
    }

    /// <summary>Uploads a PDF to the idea over native gRPC, as Alice.</summary>
    public async Task<Document> UploadAsync(byte[] content, string filename = "plan.pdf")
    {
        var documents = new DocumentService.DocumentServiceClient(Pair.Backend);
        using var call = documents.UploadDocument(Bearer(Alice));
        await call.RequestStream.WriteAsync(new UploadDocumentRequest
        {
            Parent = Idea,
            Filename = filename,
            Chunk = new HttpBody { ContentType = "application/pdf", Data = ByteString.CopyFrom(content) },
        });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Records a CLEAN verdict as the platform's scanner does, with the scanner's identity.</summary>
    public async Task RecordCleanAsync(Document document)
    {
        var verdicts = new ScanVerdictService.ScanVerdictServiceClient(Pair.Backend);
        await verdicts.StartScanAsync(new StartScanRequest { Document = document.Name, Generation = 1, Scanner = "equivalence" }, Bearer(Scanner));
        await verdicts.RecordVerdictAsync(new RecordVerdictRequest
        {
            Document = document.Name,
            Generation = 1,
            Verdict = Document.Types.ScanState.Clean,
            EngineVersion = "ClamAV 1.4.6",
            ScanTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero)),
            ScannedBytes = document.SizeBytes,
        }, Bearer(Scanner));
    }

    public static byte[] Pdf(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        return content;
    }

    private async Task SeedAsync()
    {
        using var ideasChannel = TestChannels.ForAddress($"http://127.0.0.1:{_ideasPort}");
        var ideas = new IdeaService.IdeaServiceClient(ideasChannel);
        Idea = (await ideas.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea { Title = "A roof garden", Description = "Plans attached", Category = "workplace" },
        }, Bearer(Alice))).Name;

        Pending = (await UploadAsync(Pdf(20 * 1024), "pending.pdf")).Name;
        var clean = await UploadAsync(CleanBytes, "clean.pdf");
        await RecordCleanAsync(clean);
        Clean = clean.Name;
    }

    private List<KeyValuePair<string, string?>> Settings() =>
    [
        new("ConnectionStrings:Documents", _connectionString),
        new("Logging:LogLevel:Default", "Warning"),
        new("Documents:Ideas:Address", $"http://127.0.0.1:{_ideasPort}"),
        new("Documents:Redis:Configuration", SharedServers.Redis),
        new("Documents:Scan:Stream", $"transcoding:scan-jobs:{Guid.NewGuid():N}"),
        new("Documents:Scan:RelayPollInterval", "01:00:00"),
        new("Documents:Scan:RelayOnCommit", "false"),
        new("Documents:Scan:ReconcileInterval", "01:00:00"),
        new("Documents:Cleanup:Interval", "01:00:00"),
        new("Documents:Storage:ServiceUrl", SharedServers.S3),
        new("Documents:Storage:ForcePathStyle", "true"),
        new("Documents:Storage:AccessKey", "S3RVER"),
        new("Documents:Storage:SecretKey", "S3RVER"),
        new("Documents:Storage:Bucket", $"transcoding-{Guid.NewGuid():N}"[..30]),
        new("Documents:Storage:QuarantineBucket", $"transcoding-q-{Guid.NewGuid():N}"[..30]),
        new("Documents:Storage:CreateBuckets", "true"),
        new("Documents:Upload:ScannerStreamLimitBytes", SharedServers.ClamdLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Documents:Upload:MaxBytes", (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
