using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>What a browser does with ideas and documents, over REST through the gateway.</summary>
public sealed class DocumentsClient(Platform platform, string token)
{
    public static readonly string[] FinalStates = ["SCAN_STATE_CLEAN", "SCAN_STATE_INFECTED", "SCAN_STATE_UNSCANNABLE", "SCAN_STATE_FAILED"];

    private readonly HttpClient _http = platform.RestClient(token);

    public HttpClient Http => _http;

    /// <summary>Creates a draft idea and returns its name, <c>ideas/{id}</c>.</summary>
    public async Task<string> CreateIdeaAsync(string title = "Quieter meeting rooms")
    {
        using var response = await _http.PostAsJsonAsync("/v1/ideas", new
        {
            title,
            description = "Acoustic panels in the meeting rooms of the second floor.",
            category = "workplace",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    public async Task<HttpResponseMessage> UploadAsync(string idea, byte[] content, string filename, string contentType = "application/octet-stream")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _http.PostAsync($"/v1/{idea}/documents?filename={Uri.EscapeDataString(filename)}", body);
    }

    /// <summary>Uploads and returns the new document's name; fails the test unless the upload is accepted.</summary>
    public async Task<string> UploadAcceptedAsync(string idea, byte[] content, string filename, string contentType = "application/octet-stream")
    {
        using var response = await UploadAsync(idea, content, filename, contentType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload of {filename}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        Assert.Equal("SCAN_STATE_PENDING", document.RootElement.GetProperty("scanState").GetString());
        return document.RootElement.GetProperty("name").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string document)
    {
        using var response = await _http.GetAsync($"/v1/{document}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string StateOf(JsonElement document) => document.GetProperty("scanState").GetString()!;

    /// <summary>Polls until the document has a final verdict (or the time is up) and returns it.</summary>
    public async Task<JsonElement> WaitForVerdictAsync(string document, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var current = await GetAsync(document);
            if (FinalStates.Contains(StateOf(current)))
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{document} is still {StateOf(current)}");
            await Task.Delay(200);
        }
    }
}
