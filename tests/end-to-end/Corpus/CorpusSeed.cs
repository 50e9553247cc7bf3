using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests.Corpus;

/// <summary>
/// What the corpus runs against: draft ideas of the corpus's own author, with titles full of the
/// characters SQL and LIKE treat specially (so that a search or filter that mishandles them shows in
/// its results), and one clean document. Created once per platform.
/// </summary>
public sealed class CorpusSeed
{
    public const string Author = "corpus-author";

    /// <summary>Titles of the seeded ideas; listings are compared on these.</summary>
    public static readonly string[] SeedTitles =
    [
        "Coffee at 100% fair_trade prices",
        "O'Brien's plan; keep the -- dashes",
        "Back\\slash and \"quotes\" in a title",
        "Bicycle racks by the east door",
    ];

    private static readonly SemaphoreSlim Lock = new(1, 1);
    private static (Platform Platform, CorpusSeed Seed)? _created;

    private CorpusSeed(IReadOnlyDictionary<string, string> placeholders) => Placeholders = placeholders;

    /// <summary>{idea}, {ideaId}, {document}, {documentId}: the first seeded idea and its document.</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; }

    public IReadOnlySet<string> Titles { get; } = SeedTitles.ToHashSet(StringComparer.Ordinal);

    public static async Task<CorpusSeed> ForAsync(Platform platform)
    {
        await Lock.WaitAsync();
        try
        {
            if (_created is { } created && created.Platform == platform)
            {
                return created.Seed;
            }

            var seed = await CreateAsync(platform);
            _created = (platform, seed);
            return seed;
        }
        finally
        {
            Lock.Release();
        }
    }

    private static async Task<CorpusSeed> CreateAsync(Platform platform)
    {
        var author = new DocumentsClient(platform, TestIdentity.Submitter(Author));
        var ideas = new List<string>();
        foreach (var title in SeedTitles)
        {
            using var response = await author.Http.PostAsJsonAsync("/v1/ideas", new
            {
                title,
                description = "Seeded for the bad-input corpus.",
                category = "workplace",
                tags = new[] { "corpus" },
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ideas.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!);
        }

        var document = await author.UploadAcceptedAsync(ideas[0], Encoding.UTF8.GetBytes("corpus notes\n"), "notes.txt", "text/plain");
        Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await author.WaitForVerdictAsync(document, TimeSpan.FromMinutes(2))));
        return new CorpusSeed(new Dictionary<string, string>
        {
            ["idea"] = ideas[0],
            ["ideaId"] = ideas[0]["ideas/".Length..],
            ["document"] = document,
            ["documentId"] = document[(document.LastIndexOf('/') + 1)..],
        });
    }
}
