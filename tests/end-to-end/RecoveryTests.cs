using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// Nothing acknowledged is lost: each test breaks one part of the real platform (its own instance of
/// it) while uploads wait or run, brings it back, and checks that every document reaches its verdict.
/// </summary>
public static class RecoveryScenario
{
    /// <summary>A clean PDF of about <paramref name="megabytes"/> MiB: large enough that a scan takes a while.</summary>
    public static byte[] LargeCleanPdf(int megabytes, int seed)
    {
        var head = TestFiles.Pdf($"Appendix {seed}");
        var content = new byte[megabytes * 1024 * 1024];
        head.CopyTo(content, 0);
        TestFiles.RandomBytes(content.Length - head.Length, seed).CopyTo(content, head.Length);
        return content;
    }

    public static async Task<List<string>> UploadCleanPdfsAsync(DocumentsClient client, string idea, int count, int megabytes = 1)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            names.Add(await client.UploadAcceptedAsync(idea, LargeCleanPdf(megabytes, i), $"appendix-{i}.pdf", "application/pdf"));
        }

        return names;
    }

    public static async Task<int> CountInStateAsync(DocumentsClient client, string idea, string state)
    {
        var page = await client.Http.GetFromJsonAsync<JsonElement>($"/v1/{idea}/documents?pageSize=100");
        return page.TryGetProperty("documents", out var documents)
            ? documents.EnumerateArray().Count(d => d.GetProperty("scanState").GetString() == state)
            : 0;
    }

    public static async Task AssertAllCleanAsync(DocumentsClient client, IEnumerable<string> documents)
    {
        foreach (var name in documents)
        {
            var verdict = await client.WaitForVerdictAsync(name, TimeSpan.FromSeconds(90));
            Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(verdict));
        }
    }

    public static async Task<long> PendingJobsAsync(Platform platform)
    {
        await using var redis = await platform.ConnectRedisAsync();
        var database = redis.GetDatabase();
        var groups = await database.StreamGroupInfoAsync(Platform.ScanJobsStream);
        return groups.Sum(group => (long)group.PendingMessageCount);
    }
}

public sealed class ScannerCrashTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task A_scanner_killed_mid_job_leaves_nothing_behind_once_restarted()
    {
        var alice = new DocumentsClient(platform, TestIdentity.Submitter("alice"));
        var idea = await alice.CreateIdeaAsync();
        await platform.Scanner.StopAsync();
        var documents = await RecoveryScenario.UploadCleanPdfsAsync(alice, idea, count: 12, megabytes: 4);

        await platform.Scanner.StartAsync();
        await Eventually.AssertAsync(async () => await RecoveryScenario.CountInStateAsync(alice, idea, "SCAN_STATE_SCANNING") > 0,
            "a scan is running", TimeSpan.FromSeconds(30));
        platform.Scanner.Kill();

        // Killed mid-job: some scans were claimed and never finished.
        Assert.True(await RecoveryScenario.CountInStateAsync(alice, idea, "SCAN_STATE_CLEAN") < documents.Count);

        await platform.Scanner.StartAsync();
        await RecoveryScenario.AssertAllCleanAsync(alice, documents);
        await Eventually.AssertAsync(async () => await RecoveryScenario.PendingJobsAsync(platform) == 0, "every job is acknowledged");
    }
}

public sealed class RedisRestartTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task Jobs_lost_with_a_redis_restart_without_persistence_still_reach_their_verdicts()
    {
        var alice = new DocumentsClient(platform, TestIdentity.Submitter("alice"));
        var idea = await alice.CreateIdeaAsync();
        await platform.Scanner.StopAsync();
        var documents = await RecoveryScenario.UploadCleanPdfsAsync(alice, idea, count: 5);
        await using (var redis = await platform.ConnectRedisAsync())
        {
            await Eventually.AssertAsync(async () => await redis.GetDatabase().StreamLengthAsync(Platform.ScanJobsStream) >= 5, "the jobs are queued");
        }

        platform.Redis.Kill();
        await platform.Redis.StartAgainAsync();
        await platform.Scanner.StartAsync();

        await RecoveryScenario.AssertAllCleanAsync(alice, documents);
    }
}

public sealed class ClamdOutageTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task Without_clamd_nothing_becomes_clean_and_everything_finishes_once_it_is_back()
    {
        var alice = new DocumentsClient(platform, TestIdentity.Submitter("alice"));
        var idea = await alice.CreateIdeaAsync();
        platform.Clamd.Kill();
        // Only the scanner needs clamd to serve; nobody restarts.
        await Readiness.AssertOnlyAsync(platform, "scanner");

        var documents = await RecoveryScenario.UploadCleanPdfsAsync(alice, idea, count: 3);
        // Longer than the scan lease and the claim idle time: every recovery path has had its chance.
        await Task.Delay(TimeSpan.FromSeconds(10));
        foreach (var name in documents)
        {
            Assert.Contains(DocumentsClient.StateOf(await alice.GetAsync(name)), new[] { "SCAN_STATE_PENDING", "SCAN_STATE_SCANNING" });
        }

        await platform.Clamd.StartAgainAsync();
        await Readiness.AssertOnlyAsync(platform);
        await RecoveryScenario.AssertAllCleanAsync(alice, documents);
    }
}

public sealed class StorageOutageTests(Platform platform) : IClassFixture<Platform>
{
    [Fact]
    public async Task An_upload_while_storage_is_down_is_unavailable_and_stores_no_row()
    {
        var alice = new DocumentsClient(platform, TestIdentity.Submitter("alice"));
        var idea = await alice.CreateIdeaAsync();
        var rowsBefore = await platform.CountDocumentRowsAsync();

        platform.S3.Kill();
        // Documents cannot serve without storage; the gateway stays ready and reports it.
        await Readiness.AssertOnlyAsync(platform, "documents");
        Assert.Equal("Degraded", await Readiness.GatewayBackendsAsync(platform));
        using var response = await alice.UploadAsync(idea, TestFiles.Pdf("budget"), "budget.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(14, status.GetProperty("code").GetInt32()); // UNAVAILABLE
        Assert.Equal(rowsBefore, await platform.CountDocumentRowsAsync());

        await platform.S3.StartAgainAsync();
        await Readiness.AssertOnlyAsync(platform);
        await Eventually.AssertAsync(async () => await Readiness.GatewayBackendsAsync(platform) == "Healthy", "the gateway reports its backends healthy again");
        var name = await alice.UploadAcceptedAsync(idea, TestFiles.Pdf("budget"), "budget.pdf", "application/pdf");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await alice.WaitForVerdictAsync(name)));
    }
}
