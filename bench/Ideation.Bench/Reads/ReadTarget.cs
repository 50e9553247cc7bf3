using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Reads;

/// <summary>The idea every contender reads, created through the service, and the checks around the measurement.</summary>
public sealed class ReadTarget(GrpcChannel ideas, string token, string adminToken)
{
    private readonly IdeaService.IdeaServiceClient _client = new(ideas);

    private Metadata As(string bearer) => new() { { "authorization", $"Bearer {bearer}" } };

    /// <summary>A submitted idea: visible to every signed-in user, so the read takes the visibility rule's common path.</summary>
    public async Task<Idea> CreateSubmittedIdeaAsync()
    {
        var idea = await _client.CreateIdeaAsync(new CreateIdeaRequest
        {
            Idea = new Idea
            {
                Title = "Benchmark reads",
                Description = "Created by bench/Ideation.Bench to measure GetIdea; deleted at the end of the run. " + new string('x', 200),
                Category = "workplace",
                Tags = { "bench", "reads" },
            },
        }, As(token));
        return await _client.SubmitIdeaAsync(new SubmitIdeaRequest { Name = idea.Name }, As(token));
    }

    /// <summary>Every server must answer exactly what the service answers, or the comparison is meaningless.</summary>
    public async Task CheckSameAnswerAsync(Idea idea, IEnumerable<int> ports)
    {
        foreach (var port in ports)
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var answer = await new IdeaService.IdeaServiceClient(channel).GetIdeaAsync(new GetIdeaRequest { Name = idea.Name }, As(token));
            if (!answer.Equals(idea))
            {
                throw new InvalidOperationException($"The server on port {port} answered\n{answer}\ninstead of\n{idea}");
            }
        }
    }

    /// <summary>The cached instance's ideas_cache_lookups_total series, from its management port.</summary>
    public static async Task<string> CacheLookupsAsync(int managementPort)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{managementPort}/metrics");
        return string.Join(", ", metrics.Split('\n').Where(line => line.StartsWith("ideas_cache_lookups_total{", StringComparison.Ordinal)));
    }

    /// <summary>Admins delete ideas in any state; the author could not delete a submitted one.</summary>
    public async Task DeleteAsync(Idea idea) =>
        await _client.DeleteIdeaAsync(new DeleteIdeaRequest { Name = idea.Name }, As(adminToken));
}
