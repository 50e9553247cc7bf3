using System.Net.Http.Headers;
using System.Text.Json;

namespace Ideation.Bench.Documents;

/// <summary>What a browser does: POST the raw file to the gateway's REST route, which transcodes it into an UploadDocument stream.</summary>
public sealed class RestUpload(string name, HttpClient client, UploadedDocuments uploaded) : IUploadPath
{
    private static readonly MediaTypeHeaderValue Pdf = new("application/pdf");

    public string Name => name;

    public bool CreatesDocuments => true;

    public async Task<string> UploadAsync(string idea, byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = Pdf;
        using var response = await client.PostAsync($"/v1/{idea}/documents?filename=bench.pdf", body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{name} upload answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("name").GetString()!;
    }

    public Task SettleAsync(IReadOnlyCollection<string> stored) => uploaded.SettleAsync(stored);
}
