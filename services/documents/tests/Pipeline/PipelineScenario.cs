using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Ideation.Documents.Persistence;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>
/// Documents as an upload leaves them (bytes in the documents bucket, a PENDING row of generation 1
/// and its outbox row), written straight to storage and PostgreSQL, and direct looks at both, so that
/// each pipeline test starts from exactly the state it is about.
/// </summary>
public static class PipelineScenario
{
    /// <summary>A stored, PENDING document with its scan queued in the outbox.</summary>
    public static async Task<DocumentRecord> StoredDocumentAsync(this PipelineFixture fixture, byte[]? content = null)
    {
        content ??= RandomText();
        var now = Now();
        var document = new DocumentRecord
        {
            Id = Guid.NewGuid(),
            IdeaId = Guid.NewGuid(),
            Filename = "notes.txt",
            DeclaredContentType = "text/plain",
            ContentType = "text/plain",
            SizeBytes = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Bucket = fixture.Bucket,
            ScanState = ScanState.Pending,
            Uploader = "alice",
            CreateTime = now,
            ScanGeneration = 1,
            VerdictGeneration = 0,
            EnqueueTime = now,
            ScanRequestTime = now,
        };
        document.ObjectKey = $"{document.IdeaId}/{document.Id}";
        await fixture.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = fixture.Bucket,
            Key = document.ObjectKey,
            InputStream = new MemoryStream(content),
        });

        await using var db = fixture.CreateDbContext();
        db.Documents.Add(document);
        db.ScanOutbox.Add(new ScanOutboxRecord { DocumentId = document.Id, Generation = 1, CreateTime = now });
        await db.SaveChangesAsync();
        return document;
    }

    /// <summary>Many PENDING documents with their outbox rows, in one transaction and without bytes: for tests of queueing alone.</summary>
    public static async Task<List<DocumentRecord>> QueuedDocumentsAsync(this PipelineFixture fixture, int count)
    {
        var now = Now();
        var documents = Enumerable.Range(0, count).Select(_ => new DocumentRecord
        {
            Id = Guid.NewGuid(),
            IdeaId = Guid.NewGuid(),
            Filename = "notes.txt",
            DeclaredContentType = "text/plain",
            ContentType = "text/plain",
            SizeBytes = 1,
            Sha256 = "",
            Bucket = fixture.Bucket,
            ObjectKey = $"never-stored/{Guid.NewGuid()}",
            ScanState = ScanState.Pending,
            Uploader = "alice",
            CreateTime = now,
            ScanGeneration = 1,
            EnqueueTime = now,
            ScanRequestTime = now,
        }).ToList();
        await using var db = fixture.CreateDbContext();
        db.Documents.AddRange(documents);
        db.ScanOutbox.AddRange(documents.Select(document => new ScanOutboxRecord { DocumentId = document.Id, Generation = 1, CreateTime = now }));
        await db.SaveChangesAsync();
        return documents;
    }

    public static string Name(this DocumentRecord document) => $"ideas/{document.IdeaId}/documents/{document.Id}";

    public static async Task<DocumentRecord?> FindAsync(this PipelineFixture fixture, Guid documentId)
    {
        await using var db = fixture.CreateDbContext();
        return await db.Documents.AsNoTracking().SingleOrDefaultAsync(document => document.Id == documentId);
    }

    public static async Task<DocumentRecord> ReadAsync(this PipelineFixture fixture, Guid documentId) =>
        await fixture.FindAsync(documentId) ?? throw new InvalidOperationException($"Document {documentId} is gone.");

    /// <summary>Changes a row directly, as time passing (an expired lease) or an earlier event would have.</summary>
    public static async Task UpdateAsync(this PipelineFixture fixture, Guid documentId, Action<DocumentRecord> change)
    {
        await using var db = fixture.CreateDbContext();
        var document = await db.Documents.SingleAsync(d => d.Id == documentId);
        change(document);
        await db.SaveChangesAsync();
    }

    /// <summary>What RescanDocument does to the row: the next generation, queued.</summary>
    public static async Task QueueRescanAsync(this PipelineFixture fixture, Guid documentId)
    {
        await using var db = fixture.CreateDbContext();
        var document = await db.Documents.SingleAsync(d => d.Id == documentId);
        document.ScanGeneration++;
        document.ScanAttempts = 0;
        document.ScanDeferrals = 0;
        document.LeaseExpireTime = null;
        document.Scanner = null;
        document.EnqueueTime = Now();
        document.ScanRequestTime = document.EnqueueTime;
        if (document.ScanState != ScanState.Clean)
        {
            document.ScanState = ScanState.Pending;
        }

        db.ScanOutbox.Add(new ScanOutboxRecord { DocumentId = documentId, Generation = document.ScanGeneration, CreateTime = Now() });
        await db.SaveChangesAsync();
    }

    public static async Task<List<long>> OutboxGenerationsAsync(this PipelineFixture fixture, Guid documentId)
    {
        await using var db = fixture.CreateDbContext();
        return await db.ScanOutbox.Where(row => row.DocumentId == documentId).OrderBy(row => row.Id).Select(row => row.Generation).ToListAsync();
    }

    public static async Task<List<ObjectCleanupRecord>> CleanupsAsync(this PipelineFixture fixture, string bucket, string key)
    {
        await using var db = fixture.CreateDbContext();
        return await db.ObjectCleanups.Where(row => row.Bucket == bucket && row.ObjectKey == key).ToListAsync();
    }

    public static async Task AddCleanupAsync(this PipelineFixture fixture, string bucket, string key, DateTime dueTime)
    {
        await using var db = fixture.CreateDbContext();
        db.ObjectCleanups.Add(new ObjectCleanupRecord { Bucket = bucket, ObjectKey = key, DueTime = dueTime });
        await db.SaveChangesAsync();
    }

    public static async Task PutObjectAsync(this PipelineFixture fixture, string bucket, string key, byte[] content) =>
        await fixture.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content) });

    public static async Task<bool> ObjectExistsAsync(this PipelineFixture fixture, string bucket, string key)
    {
        try
        {
            await fixture.S3.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static async Task<byte[]> ObjectBytesAsync(this PipelineFixture fixture, string bucket, string key)
    {
        using var response = await fixture.S3.GetObjectAsync(bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>The verdict a scanner sends after reading the whole document.</summary>
    public static RecordVerdictRequest Verdict(this DocumentRecord document, Proto verdict, string detail = "", long generation = 1) => new()
    {
        Document = document.Name(),
        Generation = generation,
        Verdict = verdict,
        Detail = detail,
        EngineVersion = "ClamAV 1.4.6",
        SignatureVersion = "27500",
        ScanTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(Now()),
        ScannedBytes = document.SizeBytes,
    };

    public static StartScanRequest Claim(this DocumentRecord document, string scanner, long generation = 1) =>
        new() { Document = document.Name(), Generation = generation, Scanner = scanner };

    /// <summary>The scanner giving claim <paramref name="attempt"/> back because <paramref name="dependency"/> was out of reach.</summary>
    public static DeferScanRequest Deferral(
        this DocumentRecord document, string scanner, int attempt,
        DeferScanRequest.Types.Dependency dependency = DeferScanRequest.Types.Dependency.Storage, long generation = 1) =>
        new() { Document = document.Name(), Generation = generation, Scanner = scanner, Attempt = attempt, Dependency = dependency, Detail = "connection refused" };

    /// <summary>The jobs on the stream for <paramref name="document"/>, as (document name, generation) pairs.</summary>
    public static async Task<List<(string Document, string Generation)>> JobsForAsync(IConnectionMultiplexer redis, string stream, DocumentRecord document)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(stream);
        return entries
            .Select(entry => ((string)entry["document"]!, (string)entry["generation"]!))
            .Where(job => job.Item1 == document.Name())
            .ToList();
    }

    public static async Task<ConnectionMultiplexer> ConnectRedisAsync(string endpoint) =>
        await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { endpoint }, AbortOnConnectFail = false });

    private static byte[] RandomText() => System.Text.Encoding.UTF8.GetBytes($"Minutes of the bike-rack meeting {Guid.NewGuid()}\n");

    private static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
