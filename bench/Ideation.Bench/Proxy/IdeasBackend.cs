using Ideation.Bench.Load;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Bench.Harness;
using Ideation.Contracts.Ideas.V1;

namespace Ideation.Bench.Proxy;

/// <summary>
/// The ideas service every proxy forwards to: a Release build started by the bench on the load
/// generator's core, h2c as in production, seeded with the one idea every request reads.
/// </summary>
internal sealed class IdeasBackend : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private IdeasBackend(PinnedProcess process, GrpcChannel channel, Idea idea, Metadata authorization)
    {
        Process = process;
        _channel = channel;
        Idea = idea;
        Authorization = authorization;
    }

    public static Uri Address { get; } = new($"http://127.0.0.1:{ProxyPorts.Backend}");

    public PinnedProcess Process { get; }

    /// <summary>The seeded idea, as GetIdea returns it straight from the service.</summary>
    public Idea Idea { get; }

    public Metadata Authorization { get; }

    /// <summary>The GetIdea request every load run sends, framed for gRPC (5-byte header + message).</summary>
    public byte[] FramedGetIdea => GrpcLoad.Frame(new GetIdeaRequest { Name = Idea.Name });

    /// <summary>The response's DATA bytes: frame header + message. Every answered call must carry exactly this.</summary>
    public long GetIdeaResponseFrameBytes => 5 + Idea.CalculateSize();

    public static async Task<IdeasBackend> StartAsync(string binDirectory, BackingServers servers, string token, string logDirectory)
    {
        var process = PinnedProcess.Start("ideas", ProxySettings.LoadCore, "dotnet",
            [
                "Ideation.Ideas.dll",
                $"--Hosting:ServicePort={ProxyPorts.Backend}",
                $"--Hosting:ManagementPort={ProxyPorts.BackendManagement}",
                // The backend is the same fixture behind every proxy, on the load generator's core: its
                // access log would only take CPU from h2load. The proxies keep their production logging.
                "--Logging:LogLevel:Default=Warning",
                .. servers.IdeasArguments,
            ],
            Path.Combine(logDirectory, "ideas.log"), binDirectory, BackingServers.Production);
        try
        {
            using var http = new HttpClient();
            await process.WaitUntilReadyAsync(
                async () => (await http.GetAsync($"http://127.0.0.1:{ProxyPorts.BackendManagement}/ready")).IsSuccessStatusCode,
                TimeSpan.FromMinutes(2));
            var channel = GrpcChannel.ForAddress(Address);
            var authorization = new Metadata { { "authorization", $"Bearer {token}" } };
            var client = new IdeaService.IdeaServiceClient(channel);
            var created = await client.CreateIdeaAsync(new CreateIdeaRequest
            {
                Idea = new Idea
                {
                    Title = "Bike racks at HQ",
                    Description = "More racks near the east door, read over and over by the proxy benchmark; deleted at the end of its run.",
                    Category = "workplace",
                    Tags = { "bench", "proxy" },
                },
            }, authorization);
            var idea = await client.GetIdeaAsync(new GetIdeaRequest { Name = created.Name }, authorization);
            return new IdeasBackend(process, channel, idea, authorization);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await new IdeaService.IdeaServiceClient(_channel).DeleteIdeaAsync(new DeleteIdeaRequest { Name = Idea.Name }, Authorization);
        }
        finally
        {
            _channel.Dispose();
            await Process.DisposeAsync();
        }
    }
}
