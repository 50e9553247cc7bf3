using Ideation.Contracts.Documents.V1;
using Ideation.Testing;
using Microsoft.AspNetCore.Builder;

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>
/// The scanner with its job worker in front of real Redis, clamd and S3, and a recording
/// ScanVerdictService (<see cref="ScanLedger"/>) in place of documents. Each bed has its own stream,
/// bucket and ports, so beds run side by side.
/// </summary>
public sealed class JobsTestBed : IAsyncDisposable
{
    private WebApplication? _documents;

    private JobsTestBed(WorkerSettings settings, ScanLedger ledger, JobQueue queue, StoredObjects objects)
    {
        Settings = settings;
        Ledger = ledger;
        Queue = queue;
        Objects = objects;
    }

    public WorkerSettings Settings { get; }
    public ScanLedger Ledger { get; }
    public JobQueue Queue { get; }
    public StoredObjects Objects { get; }
    public WebApplication? Scanner { get; private set; }
    public int ManagementPort { get; } = FreePort.Next();

    /// <summary>Starts everything; <paramref name="startDocuments"/> false leaves documents unreachable until <see cref="StartDocumentsAsync"/>.</summary>
    public static async Task<JobsTestBed> StartAsync(
        Action<WorkerSettings>? configure = null, ScanLedger? ledger = null, bool startDocuments = true, bool startScanner = true)
    {
        var settings = new WorkerSettings { DocumentsPort = FreePort.Next() };
        configure?.Invoke(settings);
        var bed = new JobsTestBed(settings, ledger ?? new ScanLedger(), await JobQueue.ConnectAsync(settings.Redis, "scanners"), new StoredObjects(settings.S3));
        await bed.Objects.CreateBucketAsync();
        if (startDocuments)
        {
            await bed.StartDocumentsAsync();
        }

        if (startScanner)
        {
            await bed.StartScannerAsync();
        }

        return bed;
    }

    public async Task StartDocumentsAsync() => _documents = await ScanVerdictDouble.StartAsync(Ledger, Settings.DocumentsPort);

    public async Task StartScannerAsync()
    {
        Scanner = ScannerHost.Create(
        [
            "--environment=Production",
            "--Logging:LogLevel:Default=Warning",
            "--Hosting:BindAddress=127.0.0.1",
            $"--Hosting:ServicePort={FreePort.Next()}",
            $"--Hosting:ManagementPort={ManagementPort}",
            .. Settings.Arguments(Queue.Stream, Queue.Group),
            .. TestIdentity.Configuration.Select(pair => $"--{pair.Key}={pair.Value}"),
        ]);
        await Scanner.StartAsync();
    }

    /// <summary>Stores <paramref name="content"/>, registers the document and publishes its job; returns the document's name and the job's entry id.</summary>
    public async Task<(string Document, string EntryId)> SubmitAsync(byte[] content, long generation = 1)
    {
        var document = await StoreAsync(content, generation);
        return (document, await Queue.PublishAsync(document, generation));
    }

    /// <summary>Stores <paramref name="content"/> and registers the document, publishing no job.</summary>
    public async Task<string> StoreAsync(byte[] content, long generation = 1)
    {
        var document = Register(content.Length, generation);
        await Objects.PutAsync(KeyOf(document), content);
        return document;
    }

    /// <summary>A document the ledger knows, with no object stored for it.</summary>
    public string Register(long size, long generation = 1)
    {
        var document = $"ideas/{Guid.NewGuid():N}/documents/{Guid.NewGuid():N}";
        Ledger.Add(document, Objects.Bucket, KeyOf(document), size, generation);
        return document;
    }

    public Task<RecordVerdictRequest> VerdictAsync(string document) =>
        Eventually.GetAsync(() => Task.FromResult(Ledger.VerdictOf(document)), $"{document} has a verdict");

    public Task AcknowledgedAsync(string entryId) =>
        Eventually.AssertAsync(() => Queue.IsAcknowledgedAsync(entryId), $"entry {entryId} is acknowledged");

    public async Task StopScannerAsync(CancellationToken cancellationToken = default)
    {
        if (Scanner is not null)
        {
            await Scanner.StopAsync(cancellationToken);
            await Scanner.DisposeAsync();
            Scanner = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Ledger.ReleaseStartScans();
        await StopScannerAsync();
        if (_documents is not null)
        {
            await _documents.StopAsync();
            await _documents.DisposeAsync();
        }

        await Queue.DisposeAsync();
        Objects.Dispose();
    }

    private static string KeyOf(string document) => $"documents/{document.Replace('/', '-')}";
}
