using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ideation.Gateway.Tests.EndToEnd;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// An idea and one of its documents that a test attacks, created through the gateway by their
/// author: <see cref="Idea"/> and <see cref="Document"/> are resource names.
/// </summary>
internal sealed record Victim(TestUser Author, string Idea, string Document)
{
    public Guid IdeaId => Guid.Parse(Idea["ideas/".Length..]);

    public Guid DocumentId => Guid.Parse(Document[(Document.LastIndexOf('/') + 1)..]);

    /// <summary>A draft by a new author (submitted when <paramref name="submit"/>), with one PDF attached.</summary>
    public static async Task<Victim> CreateAsync(PlatformFixture platform, bool submit = false, TestUser? author = null)
    {
        author ??= TestUser.Submitter("victim");
        using var client = platform.RestClient(author.Token);
        var idea = await JsonAsync(await client.PostAsync("/v1/ideas",
            new StringContent("""{"title":"Bike racks at the east door","description":"More racks","category":"workplace"}""", null, "application/json")));
        var name = idea["name"]!.GetValue<string>();

        using var pdf = new ByteArrayContent(TestFiles.Pdf("racks"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var document = await JsonAsync(await client.PostAsync($"/v1/{name}/documents?filename=racks.pdf", pdf));
        if (submit)
        {
            await JsonAsync(await client.PostAsync($"/v1/{name}:submit", new StringContent("{}", null, "application/json")));
        }

        return new Victim(author, name, document["name"]!.GetValue<string>());
    }

    public Task<PlatformData> ReadAsync(PlatformFixture platform) => PlatformData.ReadAsync(platform, [IdeaId], [DocumentId]);

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        using var _ = response;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Setting up the victim failed with {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
