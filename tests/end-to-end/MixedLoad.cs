using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Ideation.Contracts.Ideas.V1;
using Ideation.Testing;
using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// A mixed load through the gateway, as clients would send it while the platform restarts under them:
/// REST creates (with a request id), reads and listings of ideas, document uploads, and native gRPC
/// reads. Every acknowledged write is remembered and every failed request kept with what the client saw.
/// </summary>
public sealed class MixedLoad : IAsyncDisposable
{
    private readonly Platform _platform;
    private readonly string _token = TestIdentity.Submitter("loader");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly ConcurrentQueue<string> _ideas = new();
    private readonly ConcurrentQueue<string> _documents = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private long _succeeded;
    private string _uploadTarget = "";

    private MixedLoad(Platform platform) => _platform = platform;

    public IReadOnlyCollection<string> AcknowledgedIdeas => _ideas;
    public IReadOnlyCollection<string> AcknowledgedDocuments => _documents;

    /// <summary>Every failed request: the operation and what the client saw (HTTP status and gRPC code, or the exception).</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public static async Task<MixedLoad> StartAsync(Platform platform, int workers)
    {
        var load = new MixedLoad(platform);
        load._uploadTarget = await new DocumentsClient(platform, load._token).CreateIdeaAsync("Documents written under load");
        for (var worker = 0; worker < workers; worker++)
        {
            var seed = worker;
            load._workers.Add(Task.Run(() => load.RunAsync(seed)));
        }

        return load;
    }

    /// <summary>Waits until <paramref name="count"/> requests have succeeded in all, proof that the load flows.</summary>
    public Task WaitForSuccessesAsync(long count) =>
        Eventually.AssertAsync(() => Task.FromResult(Succeeded >= count), $"{count} requests of the load succeeded", TimeSpan.FromSeconds(90));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    /// <summary>Every acknowledged idea and document can be read back; every document reaches CLEAN.</summary>
    public async Task AssertAcknowledgedWritesPresentAsync()
    {
        var client = new DocumentsClient(_platform, _token);
        foreach (var idea in _ideas)
        {
            using var response = await client.Http.GetAsync($"/v1/{idea}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged {idea} is gone: {(int)response.StatusCode}");
        }

        foreach (var document in _documents)
        {
            Assert.Equal("SCAN_STATE_CLEAN", DocumentsClient.StateOf(await client.WaitForVerdictAsync(document, TimeSpan.FromSeconds(120))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(int seed)
    {
        var documents = new DocumentsClient(_platform, _token);
        using var channel = TestChannels.ForAddress(_platform.GatewayAddress, new GrpcChannelOptions { HttpHandler = _platform.Certificate.CreateHandler() });
        var grpc = new IdeaService.IdeaServiceClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {_token}" } };
        for (var round = 0; !_stop.IsCancellationRequested; round++)
        {
            var operation = (round + seed) % 5;
            try
            {
                var failure = operation switch
                {
                    0 => await CreateIdeaAsync(documents, seed, round),
                    1 => await ReadIdeaAsync(documents),
                    2 => await ListIdeasAsync(documents),
                    3 => await UploadAsync(documents, seed, round),
                    _ => await ReadOverGrpcAsync(grpc, headers),
                };
                if (failure is null)
                {
                    Interlocked.Increment(ref _succeeded);
                }
                else
                {
                    _failures.Enqueue($"{Name(operation)}: {failure}");
                }
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && _stop.IsCancellationRequested)
            {
                // The load itself cancelled the call as it stopped: not a failure of the platform.
            }
            catch (RpcException exception)
            {
                _failures.Enqueue($"{Name(operation)}: gRPC {exception.StatusCode} {exception.Status.Detail}");
            }
            catch (HttpRequestException exception)
            {
                _failures.Enqueue($"{Name(operation)}: connection {exception.HttpRequestError} {exception.Message}");
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
                _failures.Enqueue($"{Name(operation)}: client timeout");
            }
        }
    }

    private static string Name(int operation) => operation switch
    {
        0 => "create idea (REST)",
        1 => "read idea (REST)",
        2 => "list ideas (REST)",
        3 => "upload (REST)",
        _ => "read idea (gRPC)",
    };

    private async Task<string?> CreateIdeaAsync(DocumentsClient client, int seed, int round)
    {
        using var response = await client.Http.PostAsJsonAsync($"/v1/ideas?requestId=load-{seed}-{round}-{Guid.NewGuid():N}", new
        {
            title = $"Idea {seed}-{round} under load",
            description = "Written while instances restart.",
            category = "workplace",
        });
        var body = await FailureOf(response);
        if (body is not null)
        {
            return body;
        }

        _ideas.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!);
        return null;
    }

    private async Task<string?> ReadIdeaAsync(DocumentsClient client)
    {
        using var response = await client.Http.GetAsync($"/v1/{AnyIdea()}");
        return await FailureOf(response);
    }

    private static async Task<string?> ListIdeasAsync(DocumentsClient client)
    {
        using var response = await client.Http.GetAsync("/v1/ideas?author=me&pageSize=5");
        return await FailureOf(response);
    }

    private async Task<string?> UploadAsync(DocumentsClient client, int seed, int round)
    {
        // Under the newest idea the load created (as often as it uploads), so that no idea reaches
        // its limit of documents however long the load runs.
        var target = _ideas.LastOrDefault() ?? _uploadTarget;
        using var response = await client.UploadAsync(target, TestFiles.Pdf($"Load {seed}-{round}"), $"load-{seed}-{round}.pdf", "application/pdf");
        var body = await FailureOf(response);
        if (body is not null)
        {
            return body;
        }

        _documents.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!);
        return null;
    }

    private async Task<string?> ReadOverGrpcAsync(IdeaService.IdeaServiceClient client, Metadata headers)
    {
        await client.GetIdeaAsync(new GetIdeaRequest { Name = AnyIdea() }, headers, DateTime.UtcNow.AddSeconds(30), _stop.Token);
        return null;
    }

    private string AnyIdea() => _ideas.LastOrDefault() ?? _uploadTarget;

    private static async Task<string?> FailureOf(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        return $"HTTP {(int)response.StatusCode} {text}";
    }
}
