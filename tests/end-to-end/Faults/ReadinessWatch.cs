using System.Collections.Concurrent;
using System.Net;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// Polls every process's /ready for as long as it runs and remembers, per process, whether it ever
/// answered anything but 200 (a refused connection or a timeout counts: a load balancer would take
/// the process out just the same) and what it answered last.
/// </summary>
public sealed class ReadinessWatch : IAsyncDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Platform _platform;
    private readonly ConcurrentDictionary<string, bool> _everNotReady = new();
    private readonly ConcurrentDictionary<string, bool> _ready = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ReadinessWatch(Platform platform)
    {
        _platform = platform;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The processes that answered not ready at least once since <see cref="Reset"/>.</summary>
    public IReadOnlyCollection<string> EverNotReady => _everNotReady.Keys.Order(StringComparer.Ordinal).ToList();

    public bool IsReady(string process) => _ready.TryGetValue(process, out var ready) && ready;

    public bool AllReady => _platform.Processes.All(process => IsReady(process.Name));

    public void Reset() => _everNotReady.Clear();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.WhenAll(_platform.Processes.Select(PollAsync));
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(ServiceProcess process)
    {
        bool ready;
        try
        {
            using var response = await _client.GetAsync($"http://127.0.0.1:{process.ManagementPort}/ready", _stop.Token);
            ready = response.StatusCode == HttpStatusCode.OK;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            ready = false;
        }

        _ready[process.Name] = ready;
        if (!ready)
        {
            _everNotReady[process.Name] = true;
        }
    }
}
