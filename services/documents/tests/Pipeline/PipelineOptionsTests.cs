using Ideation.Documents.Pipeline;

namespace Ideation.Documents.Tests.Pipeline;

/// <summary>Settings that would stall scans or spin the loops stop the service at start, with a message naming the setting.</summary>
public sealed class PipelineOptionsTests
{
    private readonly PipelineOptionsValidator validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(validator.Validate(null, new ScanOptions()).Succeeded);
        Assert.True(validator.Validate(null, new QuarantineOptions()).Succeeded);
        Assert.True(validator.Validate(null, new CleanupOptions()).Succeeded);
        Assert.True(validator.Validate(null, new RedisOptions()).Succeeded);
    }

    [Fact]
    public void Zero_durations_an_empty_stream_and_no_claims_are_refused_by_name()
    {
        var result = validator.Validate(null, new ScanOptions
        {
            Stream = " ",
            MaxClaims = 0,
            Lease = TimeSpan.Zero,
            RelayPollInterval = TimeSpan.Zero,
            ReconcileInterval = TimeSpan.FromSeconds(-1),
            RequeueAfter = TimeSpan.Zero,
        });

        Assert.True(result.Failed);
        foreach (var setting in new[] { "Stream", "MaxClaims", "Lease", "RelayPollInterval", "ReconcileInterval", "RequeueAfter" })
        {
            Assert.Contains($"Documents:Scan:{setting} ", result.FailureMessage);
        }
    }

    [Fact]
    public void Retention_interval_and_redis_must_be_set()
    {
        Assert.Contains("Documents:Quarantine:Retention", validator.Validate(null, new QuarantineOptions { Retention = TimeSpan.Zero }).FailureMessage);
        Assert.Contains("Documents:Cleanup:Interval", validator.Validate(null, new CleanupOptions { Interval = TimeSpan.Zero }).FailureMessage);
        Assert.Contains("Documents:Redis:Configuration", validator.Validate(null, new RedisOptions { Configuration = "" }).FailureMessage);
    }
}
