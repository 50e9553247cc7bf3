using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Documents.Domain;
using Proto = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>RecordVerdict: what each verdict records, idempotence, and quarantine, through the real service, database and storage.</summary>
public sealed class RecordVerdictTests(PipelineFixture service) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task A_clean_verdict_is_recorded_with_the_engine_and_ends_the_lease()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        var request = document.Verdict(Proto.Clean);

        var answer = await service.Scanner().RecordVerdictAsync(request);

        Assert.Equal(Proto.Clean, answer.ScanState);
        Assert.Equal("ClamAV 1.4.6", answer.EngineVersion);
        Assert.Equal("27500", answer.SignatureVersion);
        Assert.Equal(request.ScanTime, answer.ScanTime);
        Assert.Equal("", answer.ThreatName);
        Assert.False(answer.RescanPending);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Clean, stored.ScanState);
        Assert.Equal(1, stored.VerdictGeneration);
        Assert.Null(stored.LeaseExpireTime);
        Assert.Null(stored.Scanner);
        Assert.Equal(service.Bucket, stored.Bucket);
    }

    [Fact]
    public async Task The_first_verdict_of_a_generation_stands_and_a_repeat_changes_nothing()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        var first = await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));

        var same = await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean));
        var contrary = await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Infected, "Eicar-Signature.UNOFFICIAL"));

        Assert.Equal(first, same);
        Assert.Equal(first, contrary);
        Assert.True(await service.ObjectExistsAsync(service.Bucket, document.ObjectKey));
        Assert.False(await service.ObjectExistsAsync(service.QuarantineBucket, document.ObjectKey));
    }

    [Fact]
    public async Task A_verdict_for_a_superseded_generation_changes_nothing()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Failed, "storage unreachable"));
        await service.QueueRescanAsync(document.Id);

        var stale = await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Clean, generation: 1));

        Assert.Equal(Proto.Pending, stale.ScanState);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Pending, stored.ScanState);
        Assert.Equal(1, stored.VerdictGeneration);
        Assert.Equal(2, stored.ScanGeneration);
    }

    [Fact]
    public async Task Concurrent_duplicate_verdicts_record_one()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Unscannable, $"timeout {i}")).ResponseAsync));

        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Unscannable, stored.ScanState);
        Assert.All(answers, answer => Assert.Equal(stored.ThreatName, answer.ThreatName));
        Assert.Single(answers.Select(answer => answer.ScanTime).Distinct());
    }

    [Fact]
    public async Task Concurrent_infected_duplicates_leave_one_quarantined_copy_that_the_sweeper_keeps()
    {
        var content = System.Text.Encoding.ASCII.GetBytes("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
        var document = await service.StoredDocumentAsync(content);
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Infected, "Eicar-Signature.UNOFFICIAL")).ResponseAsync));
        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(ScanState.Infected, stored.ScanState);
        Assert.Equal(service.QuarantineBucket, stored.Bucket);
        Assert.Equal(content, await service.ObjectBytesAsync(service.QuarantineBucket, document.ObjectKey));
        Assert.False(await service.ObjectExistsAsync(service.Bucket, document.ObjectKey));
        Assert.Empty(await service.CleanupsAsync(service.QuarantineBucket, document.ObjectKey));
    }

    [Fact]
    public async Task A_clean_verdict_that_did_not_read_every_byte_is_recorded_unscannable()
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));
        var request = document.Verdict(Proto.Clean);
        request.ScannedBytes = document.SizeBytes - 1;

        var answer = await service.Scanner().RecordVerdictAsync(request);

        Assert.Equal(Proto.Unscannable, answer.ScanState);
        Assert.Equal($"the scan covered {document.SizeBytes - 1} of {document.SizeBytes} bytes", answer.ThreatName);
        Assert.Equal(ScanState.Unscannable, (await service.ReadAsync(document.Id)).ScanState);
    }

    [Fact]
    public async Task An_infected_document_moves_to_quarantine_and_leaves_the_documents_bucket()
    {
        var document = await service.StoredDocumentAsync();
        var bytes = await service.ObjectBytesAsync(service.Bucket, document.ObjectKey);
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var answer = await service.Scanner().RecordVerdictAsync(document.Verdict(Proto.Infected, "Eicar-Signature.UNOFFICIAL"));
        await service.Sweeper.RunOnceAsync(CancellationToken.None);

        Assert.Equal(Proto.Infected, answer.ScanState);
        Assert.Equal("Eicar-Signature.UNOFFICIAL", answer.ThreatName);
        var stored = await service.ReadAsync(document.Id);
        Assert.Equal(service.QuarantineBucket, stored.Bucket);
        Assert.NotNull(stored.ScanTime);
        Assert.InRange(stored.QuarantineExpireTime!.Value, DateTime.UtcNow + PipelineFixture.Retention - TimeSpan.FromMinutes(1), DateTime.UtcNow + PipelineFixture.Retention);
        Assert.Null(stored.ObjectPurgeTime);
        Assert.Equal(bytes, await service.ObjectBytesAsync(service.QuarantineBucket, document.ObjectKey));
        Assert.False(await service.ObjectExistsAsync(service.Bucket, document.ObjectKey));
        Assert.Empty(await service.CleanupsAsync(service.Bucket, document.ObjectKey));
    }

    [Fact]
    public async Task A_verdict_for_a_missing_document_is_not_found()
    {
        var document = await service.StoredDocumentAsync();
        var request = document.Verdict(Proto.Clean);
        request.Document = $"ideas/{document.IdeaId}/documents/{Guid.NewGuid()}";

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Scanner().RecordVerdictAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData(Proto.Unspecified)]
    [InlineData(Proto.Pending)]
    [InlineData(Proto.Scanning)]
    public async Task Only_a_verdict_state_is_a_verdict(Proto verdict)
    {
        var document = await service.StoredDocumentAsync();
        await service.Scanner().StartScanAsync(document.Claim("scanner-a"));

        var error = await Assert.ThrowsAsync<RpcException>(() => service.Scanner().RecordVerdictAsync(document.Verdict(verdict)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("verdict", error.Status.Detail);
        Assert.Equal(ScanState.Scanning, (await service.ReadAsync(document.Id)).ScanState);
    }
}
