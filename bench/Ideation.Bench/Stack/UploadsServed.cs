using System.Globalization;

namespace Ideation.Bench.Stack;

/// <summary>
/// How many uploads the documents service has answered since it started, from its /metrics: a memory
/// baseline means "before any upload" only when this is 0.
/// </summary>
public static class UploadsServed
{
    private const string Counter = "http_requests_total{method=\"POST\",route=\"/ideation.documents.v1.DocumentService/UploadDocument\"";

    public static async Task<long> CountAsync(LocalStack stack)
    {
        using var client = new HttpClient();
        var metrics = await client.GetStringAsync(stack.DocumentsMetrics);
        return metrics.Split('\n')
            .Where(line => line.StartsWith(Counter, StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
