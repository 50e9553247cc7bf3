using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using ScanState = Ideation.Contracts.Documents.V1.Document.Types.ScanState;

namespace Ideation.Bench.Stack;

/// <summary>
/// The calls around the measured uploads, over native gRPC through the gateway: ideas to upload to
/// (at most 20 documents each), waiting for scans, and removing what the bench stored.
/// </summary>
public sealed class PlatformApi(GatewayConnections connections)
{
    public const int MaxDocumentsPerIdea = 20;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IdeaService.IdeaServiceClient _ideas = new(connections.Grpc);
    private readonly DocumentService.DocumentServiceClient _documents = new(connections.Grpc);
    private readonly List<string> _createdIdeas = [];

    /// <summary>Documents the bench uploaded and has not deleted yet, per idea.</summary>
    private readonly Dictionary<string, int> _documentsPerIdea = [];

    public DocumentService.DocumentServiceClient Documents => _documents;

    /// <summary>An idea that can take <paramref name="documents"/> more documents; a new one when none of the run's can.</summary>
    public async Task<string> ReserveIdeaAsync(int documents)
    {
        var idea = _documentsPerIdea.FirstOrDefault(entry => entry.Value + documents <= MaxDocumentsPerIdea).Key
            ?? await CreateIdeaAsync();
        _documentsPerIdea[idea] = _documentsPerIdea.GetValueOrDefault(idea) + documents;
        return idea;
    }

    private async Task<string> CreateIdeaAsync()
    {
        var idea = await _ideas.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea
            {
                Title = "Benchmark uploads",
                Description = "Created by bench/Ideation.Bench to measure uploads and scanning; deleted at the end of the run.",
                Category = "workplace",
            },
        }, connections.Authorization);
        _createdIdeas.Add(idea.Name);
        return idea.Name;
    }

    public static bool HasVerdict(Document document) =>
        document.ScanState is not (ScanState.Pending or ScanState.Scanning) && !document.RescanPending;

    /// <summary>Polls the ideas' documents until every one of <paramref name="names"/> has a verdict, and returns them.</summary>
    public async Task<IReadOnlyList<Document>> WaitForVerdictsAsync(IReadOnlyCollection<string> names, TimeSpan timeout)
    {
        var ideas = names.Select(IdeaOf).Distinct().ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var documents = new List<Document>();
            foreach (var idea in ideas)
            {
                var page = await _documents.ListDocumentsAsync(
                    new ListDocumentsRequest { Parent = idea, PageSize = 100 }, connections.Authorization);
                documents.AddRange(page.Documents.Where(document => names.Contains(document.Name)));
            }

            if (documents.Count == names.Count && documents.All(HasVerdict))
            {
                return documents;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{documents.Count(HasVerdict)} of {names.Count} documents have a verdict after {timeout}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    public async Task DeleteDocumentsAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await _documents.DeleteDocumentAsync(new DeleteDocumentRequest { Name = name }, connections.Authorization);
            _documentsPerIdea[IdeaOf(name)]--;
        }
    }

    /// <summary>Deletes every idea this run created (their documents go with them).</summary>
    public async Task DeleteCreatedIdeasAsync()
    {
        foreach (var idea in _createdIdeas)
        {
            try
            {
                await _ideas.DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea }, connections.Authorization);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                // Already gone.
            }
        }

        _createdIdeas.Clear();
        _documentsPerIdea.Clear();
    }

    /// <summary><c>ideas/{idea}</c> of <c>ideas/{idea}/documents/{document}</c>.</summary>
    public static string IdeaOf(string document) => string.Join('/', document.Split('/').Take(2));
}
