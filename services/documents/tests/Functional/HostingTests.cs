using System.Net;
using Amazon.S3.Model;

namespace Ideation.Documents.Tests.Functional;

/// <summary>The process as deployed: probes on the management port, buckets provisioned when asked.</summary>
public sealed class HostingTests(DocumentsServiceFixture service) : IClassFixture<DocumentsServiceFixture>
{
    [Fact]
    public async Task Ready_when_postgresql_and_the_bucket_answer()
    {
        using var management = service.ManagementClient();
        var ready = await management.GetAsync("/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("postgresql", body);
        Assert.Contains("s3", body);
    }

    [Fact]
    public async Task Creates_both_buckets_when_configured_to()
    {
        var buckets = (await service.S3.ListBucketsAsync(new ListBucketsRequest())).Buckets.Select(bucket => bucket.BucketName).ToList();
        Assert.Contains(service.Bucket, buckets);
        Assert.Contains(service.QuarantineBucket, buckets);
    }
}
